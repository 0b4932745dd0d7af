using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Compiled.Generators.Model;

namespace Compiled.Generators.Emit
{
    /// <summary>
    /// Emits a record serializer's immutability flag and its member-wise copy. State snapshots share immutable values
    /// and copy the others before the task changes them in place; a generated copy clones lists, arrays and nested
    /// records and shares strings, instead of writing the value and reading it back.
    /// </summary>
    internal static class CopyEmitter
    {
        public static void Emit(CodeWriter w, RecordModel m)
        {
            string self = m.FullyQualifiedName;
            w.Line("/// <summary>Whether values can never change in place (a struct of primitives, strings, enums and such structs): they are shared, not copied.</summary>");
            w.Line("public static readonly bool ImmutableValues = " + ImmutableExpression(m) + ";");
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("public override bool IsImmutable => ImmutableValues;");
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("public override " + self + " Copy(in " + self + " value) => CopyValue(" + (m.IsValueType ? "in " : "") + "value);");
            w.Line();
            w.Line("/// <summary>A copy of <paramref name=\"value\"/> sharing nothing that can change in place (strings are shared).</summary>");
            w.Open("public static " + self + " CopyValue(" + (m.IsValueType ? "in " + self : self + "?") + " value)");
            w.Line(m.IsValueType ? "if (ImmutableValues) return value;" : "if (value is null) return null!;");
            var byName = m.Fields.ToDictionary(f => f.Name);
            var args = m.Construction.Arguments.Select(a => a.FieldName is null ? "default!" : CopyOf(byName[a.FieldName].Type, "value." + a.FieldName, a.FieldName, 0)).ToList();
            var inits = m.Fields.Where(f => !f.ViaConstructor).ToList();
            string create = "new " + self + "(" + string.Join(", ", args) + ")";
            if (inits.Count == 0)
            {
                w.Line("return " + create + ";");
            }
            else
            {
                w.Line("return " + create);
                w.Line("{");
                foreach (var f in inits) w.Line("    " + f.Name + " = " + CopyOf(f.Type, "value." + f.Name, f.Name, 0) + ",");
                w.Line("};");
            }
            w.Close();
        }

        /// <summary>A class is never immutable (it may be changed in place); a struct is when every member is.</summary>
        private static string ImmutableExpression(RecordModel m)
        {
            if (!m.IsValueType) return "false";
            var parts = new List<string>();
            foreach (var f in m.Fields)
            {
                string part = ImmutableExpression(f.Type);
                if (part == "false") return "false";
                if (part != "true" && !parts.Contains(part)) parts.Add(part);
            }
            return parts.Count == 0 ? "true" : string.Join(" && ", parts);
        }

        /// <summary>"true", "false", or the nested struct record's flag.</summary>
        private static string ImmutableExpression(TypeShape t) => t.Kind switch
        {
            ShapeKind.Array or ShapeKind.List => "false",
            ShapeKind.Record => t.IsReference ? "false" : Serializer(t) + ".ImmutableValues",
            ShapeKind.Nullable => t.Element is { } element ? ImmutableExpression(element) : "false",
            _ => "true",
        };

        /// <summary>
        /// An expression that copies <paramref name="expr"/> of shape <paramref name="t"/>; its variables are named after
        /// <paramref name="field"/> and <paramref name="depth"/>, so the copies of all members can share one statement.
        /// </summary>
        private static string CopyOf(TypeShape t, string expr, string field, int depth)
        {
            string d = "_" + field + depth.ToString(CultureInfo.InvariantCulture);
            switch (t.Kind)
            {
                case ShapeKind.Record:
                    return Serializer(t) + ".CopyValue(" + expr + ")"; // handles null (classes) and immutable structs
                case ShapeKind.Nullable:
                    return t.Element is { Kind: ShapeKind.Record } record
                        ? "(" + expr + " is { } n" + d + " ? (" + t.TypeName + ")" + Serializer(record) + ".CopyValue(n" + d + ") : null)"
                        : expr;
                case ShapeKind.List:
                {
                    var e = t.Element!;
                    string copy = ImmutableExpression(e) == "true"
                        ? "new " + t.TypeName.TrimEnd('?') + "(" + expr + ")"
                        : expr + ".ConvertAll(static e" + d + " => " + CopyOf(e, "e" + d, field, depth + 1) + ")";
                    return "(" + expr + " is null ? null! : " + copy + ")";
                }
                case ShapeKind.Array:
                {
                    var e = t.Element!;
                    string copy = ImmutableExpression(e) == "true"
                        ? "(" + t.TypeName.TrimEnd('?') + ")" + expr + ".Clone()"
                        : "global::System.Array.ConvertAll(" + expr + ", static e" + d + " => " + CopyOf(e, "e" + d, field, depth + 1) + ")";
                    return "(" + expr + " is null ? null! : " + copy + ")";
                }
                default:
                    return expr; // primitives, strings, enums and their nullables never change in place
            }
        }

        private static string Serializer(TypeShape t) => t.TypeName.TrimEnd('?') + ".Serializer";
    }
}
