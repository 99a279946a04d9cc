using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RetentionKit.Notebooks;

/// <summary>A code cell read as C# script, the way the runner and the exporter both need it.</summary>
internal static class CellSyntax
{
    public static CompilationUnitSyntax Parse(string code) =>
        (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();

    /// <summary>The cell's last statement when it is an expression without a semicolon: its value is the cell's result.</summary>
    public static ExpressionStatementSyntax? TrailingExpression(CompilationUnitSyntax unit) =>
        unit.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax e } && e.SemicolonToken.IsMissing ? e : null;
}
