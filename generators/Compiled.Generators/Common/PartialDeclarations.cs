using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Common;

/// <summary>The header a generated part of a partial type repeats, e.g. "static partial class Q5" or "partial record struct Bid".</summary>
internal static class PartialDeclarations
{
    public static string Header(TypeDeclarationSyntax declaration)
    {
        string keyword = declaration is RecordDeclarationSyntax record
            ? "record" + (record.ClassOrStructKeyword.IsKind(SyntaxKind.None) ? "" : " " + record.ClassOrStructKeyword.Text)
            : declaration.Keyword.Text;
        string modifiers = declaration.Modifiers.Any(SyntaxKind.StaticKeyword) ? "static " : "";
        return $"{modifiers}partial {keyword} {declaration.Identifier.Text}";
    }
}
