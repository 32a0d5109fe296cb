"""The VBA the Portfolio add-in carries: ribbon callbacks, the worksheet-function
wrappers, real Excel errors with their reasons, and the function wizard texts.

It replaces the quickstart's one-line ribbon module at build time (vba_project.py), so
the functions live in the add-in: any workbook (.xlsx too) can use them, with no VBA
reference, no Import Functions and no trust setting. The wrappers are xlwings' own
(udf_wrappers.py); we only route each result through PortfolioResult, which turns the
"#CODE reason" texts of xl_portfolio.excel.udfs into real error values and keeps the
reason for =PORTFOLIO_ERROR(cell).
"""

from __future__ import annotations

import re
from typing import Any

RIBBON_MODULE_NAME = "RibbonMyAddin"  # the quickstart module we replace
TITLE = "xl-portfolio"

# Excel's error values as VBA's CVErr numbers (XlCVError). UDFs return the classic seven;
# newer codes in an input come back as #VALUE! with the original code in the reason.
CVERR = {"#NULL!": 2000, "#DIV/0!": 2007, "#VALUE!": 2015, "#REF!": 2023, "#NAME?": 2029,
         "#NUM!": 2036, "#N/A": 2042}

# Buttons that work without Python or without an open workbook.
NEEDS_NO_WORKBOOK = ("xlPortfolioAbout", "xlPortfolioRemove")

_HEADER = '''Attribute VB_Name = "{module}"
' xl-portfolio {version}: generated when the add-in was built. Do not edit: a reinstall
' writes it again. Ribbon callbacks, worksheet functions, error values with reasons.
#Const App = "Microsoft Excel"
Private Const PORTFOLIO_VERSION As String = "{version}"
Private Const PORTFOLIO_TITLE As String = "{title}"
Private PortfolioMessages As Dictionary ' the quickstart's class: works on Mac and Windows

Sub RunMain(control As IRibbonControl)
    PortfolioButton control.Id
End Sub

Private Sub PortfolioButton(ByVal buttonId As String)
    ' Every button of the Portfolio tab. No VBA error dialog: every failure is a message.
    On Error GoTo failed
    If buttonId = "xlPortfolioAbout" Then
        PortfolioAbout
        Exit Sub
    End If
    If buttonId = "xlPortfolioRemove" Then
        If MsgBox("Remove the xl-portfolio add-in from Excel? Your workbooks are not " & _
                  "changed.", vbOKCancel + vbQuestion, PORTFOLIO_TITLE) <> vbOK Then Exit Sub
    ElseIf ActiveWorkbook Is Nothing Then
        MsgBox "Open the workbook with the customer list first (if it opened in Protected " & _
               "View, click Enable Editing), then click the button again.", _
               vbInformation, PORTFOLIO_TITLE
        Exit Sub
    End If
    Application.StatusBar = PORTFOLIO_TITLE & ": starting Python..."
    If ActiveWorkbook Is Nothing Then Workbooks.Add
    RunPython "import xl_portfolio.excel.ribbon as r; r.run_button('" & buttonId & "')"
    Application.StatusBar = False
    If buttonId = "xlPortfolioRemove" Then PortfolioRemoveSelf
    Exit Sub
failed:
    Application.StatusBar = False
    MsgBox PORTFOLIO_TITLE & " could not run: " & Err.Description, vbCritical, PORTFOLIO_TITLE
End Sub

Private Sub PortfolioAbout()
    Dim interpreter As String
    #If Mac Then
        interpreter = GetConfig("INTERPRETER_MAC", "")
    #Else
        interpreter = GetConfig("INTERPRETER_WIN", "")
    #End If
    MsgBox "xl-portfolio " & PORTFOLIO_VERSION & vbCr & _
           "xlwings " & XLWINGS_VERSION & vbCr & _
           "Python: " & interpreter & vbCr & _
           "Add-in: " & ThisWorkbook.FullName & vbCr & vbCr & _
           "Check the installation: xl-portfolio addin status", vbInformation, PORTFOLIO_TITLE
End Sub

Private Sub PortfolioRemoveSelf()
    ' Python removed everything else; the open add-in file goes last (Excel holds it).
    On Error Resume Next
    ThisWorkbook.ChangeFileAccess Mode:=xlReadOnly
    Kill ThisWorkbook.FullName
    MsgBox "xl-portfolio is removed. Restart Excel to close the Portfolio tab.", _
           vbInformation, PORTFOLIO_TITLE
    ThisWorkbook.Close SaveChanges:=False
End Sub

Private Function PortfolioResult(ByVal value As Variant, ByVal caller As Variant) As Variant
    ' "#CODE reason" texts from Python become real error values; the reason is kept.
    Dim r As Long, c As Long
    If IsArray(value) Then
        For r = LBound(value, 1) To UBound(value, 1)
            For c = LBound(value, 2) To UBound(value, 2)
                If VarType(value(r, c)) = vbString Then
                    value(r, c) = PortfolioErrorValue(value(r, c), caller, _
                                                      r - LBound(value, 1), c - LBound(value, 2))
                End If
            Next c
        Next r
    ElseIf VarType(value) = vbString Then
        value = PortfolioErrorValue(value, caller, 0, 0)
    End If
    PortfolioResult = value
End Function

Private Function PortfolioErrorValue(ByVal text As String, ByVal caller As Variant, _
                                     ByVal r As Long, ByVal c As Long) As Variant
    Dim code As Long
    PortfolioErrorValue = text
    If Left$(text, 1) <> "#" Then Exit Function
{error_cases}
    If code = 0 Then Exit Function
    PortfolioErrorValue = CVErr(code)
    If PortfolioMessages Is Nothing Then Set PortfolioMessages = New Dictionary
    If TypeOf caller Is Range Then
        Dim key As String
        key = caller.Cells(1, 1).Offset(r, c).Address(External:=True)
        If PortfolioMessages.Exists(key) Then PortfolioMessages.Remove key
        PortfolioMessages.Add key, text
    End If
End Function

Function PORTFOLIO_ERROR(cell As Variant) As Variant
    ' The reason behind an xl-portfolio error value, e.g. =PORTFOLIO_ERROR(F2).
    Dim key As String
    PORTFOLIO_ERROR = ""
    If Not TypeOf cell Is Range Then Exit Function
    If Not IsError(cell.Cells(1, 1).Value) Then Exit Function
    key = cell.Cells(1, 1).Address(External:=True)
    If Not PortfolioMessages Is Nothing Then
        If PortfolioMessages.Exists(key) Then
            PORTFOLIO_ERROR = PortfolioMessages.Item(key)
            Exit Function
        End If
    End If
    PORTFOLIO_ERROR = "No reason recorded since Excel started: recalculate (Ctrl+Alt+F9)."
End Function

Sub PortfolioRegisterFunctions()
    ' Category and argument help for Excel's function wizard (xlwings does this on import).
    ' Public: ThisWorkbook's Workbook_Open calls it. Helpers above are Private, so only
    ' the worksheet functions appear in Excel's function list.
    On Error Resume Next
{macro_options}
End Sub

'--- worksheet functions: xlwings' wrappers -------------------------------------------
'''

_THIS_WORKBOOK_CODE = '''
Private Sub Workbook_Open()
    PortfolioRegisterFunctions
End Sub
'''


def _vba_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _error_cases() -> str:
    lines = []
    for text, code in CVERR.items():
        lines.append(f'    If text = "{text}" Or Left$(text, {len(text) + 1}) = "{text} " '
                     f"Then code = {code}")
    lines.append('    If code = 0 And Left$(text, 1) = "#" And InStr(text, "! ") > 0 Then '
                 "code = 2015")
    return "\n".join(lines)


PORTFOLIO_ERROR_WIZARD = {
    "name": "PORTFOLIO_ERROR", "category": "xl-portfolio",
    "description": "The reason behind an xl-portfolio error value, e.g. "
                   "\"#VALUE! revenue must be a number (got 'abc')\". "
                   "Example: =PORTFOLIO_ERROR(F7).",
    "arguments": ["A cell holding an error value from an xl-portfolio function."]}
MAX_VBA_LINE = 1023  # the VBA editor's limit per physical line


def _macro_options(functions: list[dict[str, Any]]) -> str:
    """One MacroOptions call per function, each text on its own line (VBA's line limit)."""
    lines = ["    Dim argumentHelp() As String"]
    for f in [*functions, PORTFOLIO_ERROR_WIZARD]:
        lines.append(f"    ReDim argumentHelp(0 To {max(len(f['arguments']), 1) - 1})")
        lines += [f"    argumentHelp({i}) = {_vba_string(text)}" for i, text in
                  enumerate(f["arguments"])]
        macro = "\"'\" & ThisWorkbook.Name & \"'!" + f["name"] + '"'
        lines += [f"    Application.MacroOptions Macro:={macro}, _",
                  f"        Description:={_vba_string(f['description'])}, _",
                  f"        Category:={_vba_string(f['category'])}, _",
                  "        ArgumentDescriptions:=argumentHelp"]
    lines.append("    ThisWorkbook.Saved = True")
    return "\n".join(lines)


_CALL = re.compile(r"^(\s*)(\w+) = (XLPy\.CallUDF\(.*\))$", re.M)
_FAILED = re.compile(r"^(\s*)(\w+) = Err\.Description$", re.M)


def route_results(wrappers: str) -> str:
    """Send every wrapper's result (and its VBA failure) through PortfolioResult."""
    routed = _CALL.sub(r"\1\2 = PortfolioResult(\3, Application.Caller)", wrappers)
    return _FAILED.sub(r'\1\2 = PortfolioResult("#VALUE! " & Err.Description, '
                       r"Application.Caller)", routed)


def ribbon_module(wrappers: dict[str, Any], version: str) -> str:
    """The whole replacement of the quickstart's ribbon module."""
    header = _HEADER.format(module=RIBBON_MODULE_NAME, version=version, title=TITLE,
                            error_cases=_error_cases(),
                            macro_options=_macro_options(wrappers["functions"]))
    routed = route_results(wrappers["vba"])
    # Excel branch, other-Office branch and VBA failure of every wrapper: if xlwings
    # changes its wrapper text, stop the build rather than ship unconverted errors.
    expected = 3 * len(wrappers["functions"])
    if routed.count("= PortfolioResult(") != expected:
        raise ValueError(f"xlwings' wrappers changed shape: routed "
                         f"{routed.count('= PortfolioResult(')} results, expected {expected}")
    return header + routed


def this_workbook_module(existing: str) -> str:
    """ThisWorkbook keeps its attribute lines and registers the functions on open."""
    attributes = [line for line in existing.splitlines() if line.startswith("Attribute ")]
    return "\n".join(attributes) + "\n" + _THIS_WORKBOOK_CODE.lstrip("\n")
