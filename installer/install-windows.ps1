<#
.SYNOPSIS
  Installs xl-portfolio for Excel on Windows, for the current user.
.DESCRIPTION
  Creates (or reuses) a Python virtual environment, installs the xl-portfolio package into
  it and runs `xl-portfolio addin install`, which builds the Portfolio ribbon add-in, copies
  it and the xlwings add-in to %APPDATA%\Microsoft\Excel\XLSTART and writes the interpreter
  and the UDF module into %USERPROFILE%\.xlwings\xlwings.conf. Quit Excel first.
.PARAMETER Python
  A Python 3.10+ to create the environment with (default: the `py` launcher, else python).
.PARAMETER Venv
  Where the environment lives (default: %LOCALAPPDATA%\xl-portfolio\venv).
.PARAMETER Package
  What pip installs (default: the folder above this script, i.e. the repository).
.PARAMETER DryRun
  Print every step of the add-in installation without changing Excel's folders.
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File installer\install-windows.ps1
#>
param(
    [string]$Python = "",
    [string]$Venv = (Join-Path $env:LOCALAPPDATA "xl-portfolio\venv"),
    [string]$Package = (Split-Path -Parent $PSScriptRoot),
    [switch]$DryRun
)
$ErrorActionPreference = "Stop"

function Invoke-Step([string]$Description, [scriptblock]$Action) {
    Write-Host "==> $Description"
    & $Action
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $Description" }
}

if (-not $Python) {
    if (Get-Command py -ErrorAction SilentlyContinue) { $Python = "py" } else { $Python = "python" }
}
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$VenvCli = Join-Path $Venv "Scripts\xl-portfolio.exe"

if (-not (Test-Path $VenvPython)) {
    Invoke-Step "create the Python environment in $Venv" { & $Python -m venv $Venv }
}
Invoke-Step "install xl-portfolio from $Package" {
    & $VenvPython -m pip install --upgrade --quiet $Package
}
$AddinArgs = @("addin", "install", "--platform", "windows",
               "--python", $VenvPython)
if ($DryRun) { $AddinArgs += "--dry-run" }
Invoke-Step "install the Excel add-ins and configure xlwings" { & $VenvCli @AddinArgs }
Write-Host "Done. Start Excel: the Portfolio tab holds 'Refresh matrix'."
Write-Host "Worksheet functions: in a workbook, click xlwings > Import Functions once."
