using System.Reflection;

namespace Compiled.Generators.Tests.Records;

/// <summary>
/// Which records the generated serializer declares immutable (their values are shared with state snapshots instead of
/// copied): structs of primitives, strings, enums, nullables of those and of such structs; not classes, nor structs
/// holding arrays, lists or mutable records. And the generated copy of the others: equal to the original, sharing no
/// list, array or class instance with it.
/// </summary>
public class ImmutabilityTests
{
    [Theory]
    [InlineData("public partial record struct R([FieldId(1)] long A, [FieldId(2)] string? B, [FieldId(3)] System.DateTime C, [FieldId(4)] int? D);", true)]
    [InlineData("public enum Color { Red } [StreamRecord] public partial struct R { [FieldId(1)] public Color C; [FieldId(2)] public decimal D; }", true)]
    [InlineData("public partial record R([FieldId(1)] long A, [FieldId(2)] string B);", false)]
    [InlineData("public partial record struct R([FieldId(1)] long A, [FieldId(2)] System.Collections.Generic.List<long> B);", false)]
    [InlineData("public partial record struct R([FieldId(1)] int[] A);", false)]
    [InlineData("public partial record struct P([FieldId(1)] int X); [StreamRecord] public partial record struct R([FieldId(1)] P Inner, [FieldId(2)] P? Maybe);", true)]
    [InlineData("public partial record struct P([FieldId(1)] int[] X); [StreamRecord] public partial record struct R([FieldId(1)] P Inner);", false)]
    [InlineData("public partial record P([FieldId(1)] int X); [StreamRecord] public partial record struct R([FieldId(1)] P Inner);", false)]
    public void OnlyStructsOfUnchangeableMembersAreDeclaredImmutable(string declaration, bool immutable)
    {
        string source = "using Compiled;\nnamespace Shapes;\n" + (declaration.StartsWith("public enum", StringComparison.Ordinal) ? "" : "[StreamRecord]\n") + declaration;
        var output = RecordGeneratorHarness.Run(source);
        output.AssertClean();
        var assembly = RecordGeneratorHarness.Load(output.Output);
        var serializer = assembly.GetType("Shapes.R+Serializer")!;
        Assert.Equal(immutable, (bool)serializer.GetField("ImmutableValues", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);
    }

    private const string CopySource = """
        using System;
        using System.Collections.Generic;
        using Compiled;
        using Compiled.Serialization;
        namespace Copies;

        [StreamRecord] public readonly partial record struct Leaf([FieldId(1)] int A, [FieldId(2)] string S);
        [StreamRecord] public partial record Node([FieldId(1)] string Name, [FieldId(2)] List<int> Values);

        [StreamRecord]
        public partial class Tree
        {
            [FieldId(1)] public Leaf First { get; set; }
            [FieldId(2)] public List<Leaf>? Leaves { get; set; }
            [FieldId(3)] public Node? Child { get; set; }
            [FieldId(4)] public List<List<Node>> Nested { get; set; } = new();
            [FieldId(5)] public int[]? Numbers { get; set; }
            [FieldId(6)] public Leaf? Maybe { get; set; }
            [FieldId(7)] public Node[] Nodes { get; set; } = System.Array.Empty<Node>();
        }

        public static class Harness
        {
            public static string Run()
            {
                var tree = new Tree
                {
                    First = new Leaf(1, "one"), Leaves = new() { new Leaf(2, "two") }, Child = new Node("c", new() { 1, 2 }),
                    Nested = { new() { new Node("n", new() { 3 }) } }, Numbers = new[] { 4, 5 }, Maybe = new Leaf(6, "six"),
                    Nodes = new[] { new Node("a", new() { 7 }) },
                };
                Tree copy = RecordSerializers.Get<Tree>().Copy(tree);
                if (!Bytes(copy).AsSpan().SequenceEqual(Bytes(tree))) return "copy differs"; // (record equality compares nested lists by reference)
                if (ReferenceEquals(copy, tree) || ReferenceEquals(copy.Leaves, tree.Leaves) || ReferenceEquals(copy.Child, tree.Child)
                    || ReferenceEquals(copy.Child!.Values, tree.Child.Values) || ReferenceEquals(copy.Nested, tree.Nested)
                    || ReferenceEquals(copy.Nested[0], tree.Nested[0]) || ReferenceEquals(copy.Nested[0][0], tree.Nested[0][0])
                    || ReferenceEquals(copy.Numbers, tree.Numbers) || ReferenceEquals(copy.Nodes, tree.Nodes) || ReferenceEquals(copy.Nodes[0], tree.Nodes[0]))
                    return "shares a mutable part";
                if (!ReferenceEquals(copy.First.S, tree.First.S)) return "strings are copied";
                copy.Child.Values.Add(99);
                copy.Nested[0][0].Values.Add(99);
                copy.Numbers![0] = 99;
                if (tree.Child.Values.Count != 2 || tree.Nested[0][0].Values.Count != 1 || tree.Numbers![0] != 4) return "a change to the copy reached the original";
                if (RecordSerializers.Get<Tree>().Copy(new Tree { Leaves = null, Child = null, Numbers = null }).Leaves is not null) return "null not kept";
                return "ok";
            }

            private static byte[] Bytes(Tree tree)
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                RecordSerializers.Get<Tree>().Serialize(tree, buffer);
                return buffer.WrittenSpan.ToArray();
            }
        }
        """;

    [Fact]
    public void TheGeneratedCopySharesNothingThatCanChangeInPlace()
    {
        var output = RecordGeneratorHarness.Run(CopySource);
        output.AssertClean();
        var assembly = RecordGeneratorHarness.Load(output.Output);
        Assert.Equal("ok", (string)assembly.GetType("Copies.Harness")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!);
    }
}
