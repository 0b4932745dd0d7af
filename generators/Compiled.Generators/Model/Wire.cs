using System.Collections.Generic;
using System.Text;

namespace Compiled.Generators.Model
{
    /// <summary>Wire types (mirror of <c>Compiled.Serialization.WireType</c>, which the generator cannot reference).</summary>
    internal enum Wire
    {
        UVarint = 0, SVarint = 1, Fixed32 = 2, Fixed64 = 3, String = 4, Record = 5, Sequence = 6, Null = 7,
        DateTime = 8, Decimal = 9, Guid = 10,
    }

    /// <summary>Pure functions over the model: wire types, derived field ids, schema text and fingerprint.</summary>
    internal static class WireModel
    {
        /// <summary>Smallest id a derived (name-hashed) id takes; 1..15 are left for declared ids (one-byte tags).</summary>
        public const int MinDerivedId = 16;
        /// <summary>Largest derived id (tags stay within three bytes).</summary>
        public const int MaxDerivedId = 16383;
        /// <summary>Largest declared id (the tag must fit 32 bits).</summary>
        public const int MaxDeclaredId = (1 << 24) - 1;

        public static Wire WireOf(TypeShape shape) => shape.Kind switch
        {
            ShapeKind.Bool or ShapeKind.Byte or ShapeKind.UInt16 or ShapeKind.UInt32 or ShapeKind.UInt64 or ShapeKind.Char => Wire.UVarint,
            ShapeKind.SByte or ShapeKind.Int16 or ShapeKind.Int32 or ShapeKind.Int64 or ShapeKind.TimeSpan => Wire.SVarint,
            ShapeKind.Single => Wire.Fixed32,
            ShapeKind.Double => Wire.Fixed64,
            ShapeKind.Decimal => Wire.Decimal,
            ShapeKind.DateTime => Wire.DateTime,
            ShapeKind.Guid => Wire.Guid,
            ShapeKind.String => Wire.String,
            ShapeKind.Record => Wire.Record,
            ShapeKind.Array or ShapeKind.List => Wire.Sequence,
            ShapeKind.Enum => WireOf(new TypeShape(shape.EnumUnderlying, "", false, false)),
            ShapeKind.Nullable => WireOf(shape.Element!),
            _ => Wire.Null,
        };

        /// <summary>Fixed payload size, or -1 when variable.</summary>
        public static int FixedSize(Wire wire) => wire switch
        {
            Wire.Fixed32 => 4,
            Wire.Fixed64 or Wire.DateTime => 8,
            Wire.Decimal or Wire.Guid => 16,
            _ => -1,
        };

        /// <summary>Upper bound of the payload size of a value-only shape, or -1 when it depends on the value.</summary>
        public static int MaxPayloadSize(TypeShape shape)
        {
            switch (shape.Kind)
            {
                case ShapeKind.Bool:
                case ShapeKind.Byte:
                case ShapeKind.SByte:
                    return 2;
                case ShapeKind.Int16:
                case ShapeKind.UInt16:
                case ShapeKind.Char:
                case ShapeKind.Int32:
                case ShapeKind.UInt32:
                    return 5;
                case ShapeKind.Int64:
                case ShapeKind.UInt64:
                case ShapeKind.TimeSpan:
                case ShapeKind.Enum:
                    return 10;
                case ShapeKind.Nullable:
                    return MaxPayloadSize(shape.Element!);
                default:
                    return FixedSize(WireOf(shape));
            }
        }

        public static string Name(Wire wire) => wire.ToString().ToLowerInvariant();

        /// <summary>Derived id of a member without <c>[FieldId]</c>: FNV-1a (32-bit) of the name's UTF-16 code units, mapped to 16..16383.</summary>
        public static int DerivedId(string name)
        {
            uint h = 2166136261;
            foreach (char c in name)
            {
                h = (h ^ (byte)c) * 16777619;
                h = (h ^ (byte)(c >> 8)) * 16777619;
            }
            return MinDerivedId + (int)(h % (uint)(MaxDerivedId - MinDerivedId + 1));
        }

        /// <summary>Schema descriptor of a shape, e.g. <c>svarint</c>, <c>seq&lt;string?&gt;</c>, <c>record&lt;Ns.Bid&gt;</c>.</summary>
        public static string Describe(TypeShape shape)
        {
            switch (shape.Kind)
            {
                case ShapeKind.Array:
                case ShapeKind.List:
                    return "seq<" + Describe(shape.Element!) + ">" + (shape.IsNullableAnnotated ? "?" : "");
                case ShapeKind.Record:
                    return "record<" + shape.RecordName + ">" + (shape.IsNullableAnnotated ? "?" : "");
                case ShapeKind.Nullable:
                    return Describe(shape.Element!) + "?";
                default:
                    return Name(WireOf(shape)) + (shape.IsNullableAnnotated ? "?" : "");
            }
        }

        /// <summary>
        /// The schema text: <c>TypeName{id:name:descriptor;...}</c> with fields ordered by id. Records the
        /// derived ids; its fingerprint identifies the schema in checkpoints.
        /// </summary>
        public static string SchemaText(RecordModel model)
        {
            var fields = new List<FieldModel>(model.Fields);
            fields.Sort((a, b) => a.Id.CompareTo(b.Id));
            var sb = new StringBuilder(model.DisplayName).Append('{');
            for (int i = 0; i < fields.Count; i++)
            {
                if (i > 0) sb.Append(';');
                sb.Append(fields[i].Id).Append(':').Append(fields[i].Name).Append(':').Append(Describe(fields[i].Type));
            }
            return sb.Append('}').ToString();
        }

        /// <summary>FNV-1a (64-bit) over the UTF-16 code units, as <c>SchemaFingerprint.Of</c> computes it.</summary>
        public static ulong Fingerprint(string schemaText)
        {
            ulong h = 14695981039346656037UL;
            foreach (char c in schemaText)
            {
                h = (h ^ (byte)c) * 1099511628211UL;
                h = (h ^ (byte)(c >> 8)) * 1099511628211UL;
            }
            return h;
        }
    }
}
