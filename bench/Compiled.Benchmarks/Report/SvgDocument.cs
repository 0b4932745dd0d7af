using System.Globalization;
using System.Security;
using System.Text;

namespace Compiled.Benchmarks.Report;

/// <summary>A minimal SVG writer: rectangles, lines, polylines, circles and text, numbers in invariant culture.</summary>
internal sealed class SvgDocument(double width, double height)
{
    /// <summary>Series colours, distinguishable and print-safe.</summary>
    public static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    private readonly StringBuilder _body = new();

    public void Rect(double x, double y, double w, double h, string fill, string? tooltip = null) =>
        Element($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"{fill}\"", tooltip);

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, bool dashed = false) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\"{(dashed ? " stroke-dasharray=\"3,3\"" : "")}/>\n");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 2) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<polyline points=\"{string.Join(' ', points.Select(p => N(p.X) + "," + N(p.Y)))}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\"/>\n");

    public void Circle(double cx, double cy, double r, string fill, string? tooltip = null) =>
        Element($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{fill}\"", tooltip);

    public void Text(double x, double y, string text, double size = 12, string anchor = "start", bool bold = false, double rotate = 0, string fill = "#333")
    {
        string transform = rotate == 0 ? "" : $" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"";
        _body.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"{(bold ? " font-weight=\"bold\"" : "")}{transform}>{Escape(text)}</text>\n");
    }

    public override string ToString() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"Helvetica, Arial, sans-serif\">\n" +
        $"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{_body}</svg>\n";

    private void Element(string open, string? tooltip) =>
        _body.Append(tooltip is null ? open + "/>\n" : $"{open}><title>{Escape(tooltip)}</title></{open[1..open.IndexOf(' ', StringComparison.Ordinal)]}>\n");

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}
