using System.Linq;
using System.Text;

namespace Compiled.Generators.Emit
{
    /// <summary>A minimal indenting text writer for generated source (always '\n' line endings, so output is stable across platforms).</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _indent;

        public CodeWriter Line(string text = "")
        {
            if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
            _sb.Append('\n');
            return this;
        }

        public CodeWriter Open(string text)
        {
            if (text.Length > 0) Line(text);
            Line("{");
            _indent++;
            return this;
        }

        public CodeWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        /// <summary>Writes a user's block (e.g. a lambda body) re-indented to the current level.</summary>
        public CodeWriter Block(string block)
        {
            var lines = block.Replace("\r\n", "\n").Split('\n');
            int common = lines.Skip(1).Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            Line(lines[0].Trim());
            foreach (var l in lines.Skip(1)) Line(l.Length >= common ? l.Substring(common).TrimEnd() : l.Trim());
            return this;
        }

        public override string ToString() => _sb.ToString();
    }
}
