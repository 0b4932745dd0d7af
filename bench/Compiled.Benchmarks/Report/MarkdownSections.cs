namespace Compiled.Benchmarks.Report;

/// <summary>
/// Writes one section of docs/benchmarks.md between <c>&lt;!-- bench:ID --&gt;</c> markers, keeping every
/// other section, so each benchmark command refreshes only its own results.
/// </summary>
internal static class MarkdownSections
{
    public static void Write(string path, string id, string content)
    {
        string begin = $"<!-- bench:{id} -->", end = $"<!-- /bench:{id} -->";
        string block = $"{begin}\n{content.TrimEnd()}\n{end}\n";
        string text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        int start = text.IndexOf(begin, StringComparison.Ordinal);
        int stop = text.IndexOf(end, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? text[..start] + block + text[(stop + end.Length)..].TrimStart('\n')
            : text.TrimEnd() + "\n\n" + block;
        File.WriteAllText(path, text);
    }
}
