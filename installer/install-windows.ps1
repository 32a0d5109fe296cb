<#
.SYNOPSIS
  Installs xl-portfolio for Excel on Windows, for the current user.
.DESCRIPTION
  Finds a Python 3.10 or newer, creates the environment (or rebuilds one made with an
  older Python), installs xl-portfolio into it and runs `xl-portfolio addin install`,
  which builds the self-contained Portfolio add-in (ribbon and worksheet functions) and
  copies it to %APPDATA%\Microsoft\Excel\XLSTART. Your own xlwings add-in and
  %USERPROFILE%\.xlwings\xlwings.conf are left alone. Quit Excel first.
.PARAMETER Python
  A Python 3.10+ to create the environment with (default: the newest 3.10+ the `py`
  launcher knows, else `python` on the PATH if it is 3.10+).
.PARAMETER Venv
  Where the environment lives (default: %LOCALAPPDATA%\xl-portfolio\venv).
.PARAMETER Package
  What pip installs (default: the folder above this script, i.e. the repository).
.PARAMETER DryRun
  Print every step of the add-in installation without changing Excel's folders.
.PARAMETER Plan
  Print the Python and the environment action it would use, change nothing.
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File installer\install-windows.ps1
#>
param(
    [string]$Python = "",
    [string]$Venv = (Join-Path $env:LOCALAPPDATA "xl-portfolio\venv"),
    [string]$Package = (Split-Path -Parent $PSScriptRoot),
    [switch]$DryRun,
    [switch]$Plan
)
$ErrorActionPreference = "Stop"

function Invoke-Step([string]$Description, [scriptblock]$Action) {
    Write-Host "==> $Description"
    & $Action
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $Description" }
}

# True when the command (plus its arguments) runs Python 3.10 or newer.
function Test-RecentPython([string[]]$Command) {
    try {
        $exe, $rest = $Command
        & $exe @rest -c "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)" 2>$null
        return ($LASTEXITCODE -eq 0)
    } catch { return $false }
}

function Find-Python {
    if ($Python) {
        if (Test-RecentPython @($Python)) { return @($Python) }
        throw "$Python is not Python 3.10 or newer."
    }
    if (Get-Command py -ErrorAction SilentlyContinue) {
        foreach ($version in "3.13", "3.12", "3.11", "3.10") {
            if (Test-RecentPython @("py", "-$version")) { return @("py", "-$version") }
        }
    }
    if ((Get-Command python -ErrorAction SilentlyContinue) -and (Test-RecentPython @("python"))) {
        return @("python")
    }
    throw "No Python 3.10 or newer found. Install one from python.org (tick 'Add to PATH'), then run again."
}

$PythonCommand = Find-Python
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$VenvCli = Join-Path $Venv "Scripts\xl-portfolio.exe"
if (-not (Test-Path $VenvPython)) { $Action = "create" }
elseif (Test-RecentPython @($VenvPython)) { $Action = "reuse" }
else { $Action = "rebuild" }
if ($Plan) {
    Write-Host "python: $($PythonCommand -join ' ')"
    Write-Host "venv: $Action $Venv"
    exit 0
}

if (Get-Process -Name EXCEL -ErrorAction SilentlyContinue) {
    Write-Warning "Excel is running: save your work and quit Excel, then run this again."
    exit 1
}
if ($Action -eq "rebuild") {
    Write-Host "==> the environment in $Venv is older than Python 3.10 or broken: rebuilding it"
    Remove-Item -Recurse -Force $Venv
}
if ($Action -ne "reuse") {
    $exe, $rest = $PythonCommand
    Invoke-Step "create the Python environment in $Venv" { & $exe @rest -m venv $Venv }
}
Invoke-Step "install xl-portfolio from $Package" {
    & $VenvPython -m pip install --upgrade --quiet $Package
}
$AddinArgs = @("addin", "install", "--platform", "windows", "--python", $VenvPython)
if ($DryRun) { $AddinArgs += "--dry-run" }
Invoke-Step "install the Portfolio add-in for Excel" { & $VenvCli @AddinArgs }
Write-Host "Done. Start Excel: the Portfolio tab holds Refresh matrix and the other buttons;"
Write-Host "the worksheet functions (=CUSTOMER_MARGIN ...) work in every workbook."
