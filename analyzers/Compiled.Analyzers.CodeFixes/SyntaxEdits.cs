using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Analyzers.CodeFixes;

/// <summary>Small syntax rewrites shared by the code fixes.</summary>
internal static class SyntaxEdits
{
    public static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>Adds <c>partial</c> as the last modifier (it must come right before <c>class</c>/<c>struct</c>/<c>record</c>).</summary>
    public static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        if (IsPartial(declaration)) return declaration;
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }
        // No modifiers: the keyword carries the leading trivia (indentation, or nothing after attributes); move it to 'partial'.
        var keyword = declaration.Keyword;
        var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial));
    }

    /// <summary>Adds <c>static</c> as the first modifier of a lambda or anonymous method.</summary>
    public static AnonymousFunctionExpressionSyntax AddStatic(AnonymousFunctionExpressionSyntax lambda)
    {
        var leading = lambda.GetLeadingTrivia();
        var stripped = lambda.WithoutLeadingTrivia();
        var token = SyntaxFactory.Token(leading, SyntaxKind.StaticKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return stripped.WithModifiers(stripped.Modifiers.Insert(0, token));
    }
}
