using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Compiled.Generators.Model;
using Compiled.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace Compiled.Analyzers.SchemaLock;

/// <summary>One field of a schema: in a lock file, or of a record as compiled now.</summary>
/// <param name="Id">Wire id.</param>
/// <param name="Name">Member name.</param>
/// <param name="Type">Wire type descriptor as in the generated <c>SchemaText</c>, e.g. <c>svarint</c>, <c>string?</c>, <c>seq&lt;record&lt;Ns.Line&gt;&gt;</c>.</param>
/// <param name="Removed">A lock entry of a field that no longer exists (a tombstone: its id must not be reused).</param>
/// <param name="IsReference">The member's type is a reference type (only known for current fields): null reads back as empty.</param>
/// <param name="Line">0-based line in the lock file (-1 for current fields).</param>
internal sealed record FieldSchema(int Id, string Name, string Type, bool Removed = false, bool IsReference = false, int Line = -1)
{
    public string Describe() => Name + " (id " + Id.ToString(CultureInfo.InvariantCulture) + ", " + Type + ")";
}

/// <summary>The schema of one <c>[StreamRecord]</c> type.</summary>
/// <param name="Name">Full display name (the generated <c>SchemaText</c>'s prefix), e.g. <c>Ns.Outer.Bid</c>.</param>
/// <param name="Fields">Fields ordered by id.</param>
/// <param name="Fingerprint">The generated <c>SchemaFingerprint</c> (of the live fields).</param>
/// <param name="Valid">False when the generator rejects the type (then it has no serializer and nothing is compared).</param>
internal sealed record RecordSchema(string Name, IReadOnlyList<FieldSchema> Fields, ulong Fingerprint, bool Valid);

/// <summary>Schemas computed by the serializer generator's own parser (linked from Compiled.Generators), so they equal <c>T.Serializer.SchemaText</c>.</summary>
internal static class RecordSchemas
{
    /// <summary>End of the hint name of the serializer generator's files (<c>RecordModel.HintName</c>).</summary>
    private const string GeneratedSuffix = ".StreamRecord.g.cs";

    public static RecordSchema Of(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var model = RecordParser.Parse(type, cancellationToken);
        // The analyzers see the generator's output: its nested 'Serializer' class is not the user's reserved-name mistake.
        bool generatedSerializer = type.GetMembers("Serializer").All(m => m.Locations.All(l => l.SourceTree?.FilePath.EndsWith(GeneratedSuffix, System.StringComparison.Ordinal) == true));
        bool valid = !model.Diagnostics.Any(d => Diagnostics.ById(d.Id)?.DefaultSeverity == DiagnosticSeverity.Error
            && !(d.Id == Diagnostics.ReservedMemberName.Id && generatedSerializer));
        var fields = model.Fields
            .Select(f => new FieldSchema(f.Id, f.Name, WireModel.Describe(f.Type), IsReference: f.Type.IsReference))
            .OrderBy(f => f.Id)
            .ToList();
        return new RecordSchema(model.DisplayName, fields, WireModel.Fingerprint(WireModel.SchemaText(model)), valid);
    }

    /// <summary>The <c>[StreamRecord]</c> types declared in source in <paramref name="compilation"/>.</summary>
    public static List<INamedTypeSymbol> SourceRecords(Compilation compilation, CancellationToken cancellationToken)
    {
        var result = new List<INamedTypeSymbol>();
        if (compilation.GetTypeByMetadataName(RecordParser.StreamRecordAttribute) is not { } attribute) return result;
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var container = pending.Pop();
            if (container is INamespaceSymbol ns)
            {
                foreach (var child in ns.GetNamespaceMembers()) pending.Push(child);
            }
            foreach (var type in container.GetTypeMembers())
            {
                pending.Push(type);
                if (type.Locations.Any(l => l.IsInSource) && IsStreamRecord(type, attribute)) result.Add(type);
            }
        }
        return result;
    }

    /// <summary>The source type whose display name (<c>Ns.Outer.Inner</c>) is <paramref name="name"/>, or null.</summary>
    public static INamedTypeSymbol? FindByName(Compilation compilation, string name)
    {
        var parts = name.Split('.');
        return Find(compilation.Assembly.GlobalNamespace, parts, 0);

        static INamedTypeSymbol? Find(INamespaceOrTypeSymbol container, string[] parts, int index)
        {
            foreach (var member in container.GetMembers(parts[index]))
            {
                if (index == parts.Length - 1)
                {
                    if (member is INamedTypeSymbol { Arity: 0 } type) return type;
                    continue;
                }
                if (member is INamespaceOrTypeSymbol inner && Find(inner, parts, index + 1) is { } found) return found;
            }
            return null;
        }
    }

    public static bool IsStreamRecord(INamedTypeSymbol type, INamedTypeSymbol attribute)
    {
        foreach (var a in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)) return true;
        }
        return false;
    }
}
