using System.Reflection;

namespace Compiled.Generators.Tests.Records;

/// <summary>Compiles generated code with the runtime in memory, loads it in its own load context and runs round trips there.</summary>
public class CompileAndRunTests
{
    private const string Source = """
        using System;
        using System.Buffers;
        using System.Collections.Generic;
        using System.Linq;
        using Compiled;
        using Compiled.Serialization;
        namespace Dynamic;

        public enum Mood : byte { Calm, Angry = 200 }

        [StreamRecord] public readonly partial record struct Inner([FieldId(1)] int A, [FieldId(2)] string? S);

        [StreamRecord]
        public partial class Outer
        {
            [FieldId(1)] public Inner First { get; set; }
            [FieldId(2)] public Inner? Second { get; set; }
            [FieldId(3)] public List<Inner> Many { get; set; } = new();
            [FieldId(4)] public Mood Mood { get; set; }
            [FieldId(5)] public Guid? Id { get; set; }
            [FieldId(6)] public string[]? Words { get; set; }
        }

        public static class Harness
        {
            public static string Run()
            {
                var value = new Outer
                {
                    First = new Inner(1, "one"), Second = new Inner(-2, null),
                    Many = { new Inner(3, "x"), new Inner(int.MinValue, "ünïcödé 🚀") },
                    Mood = Mood.Angry, Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Words = new[] { "a", "", "b" },
                };
                var buffer = new ArrayBufferWriter<byte>();
                RecordSerializers.Get<Outer>().Serialize(value, buffer);
                var back = Outer.Serializer.Instance.Deserialize(buffer.WrittenSpan, out int consumed);
                if (consumed != buffer.WrittenCount) return "consumed " + consumed;
                if (!back.Equals(value)) return "not equal";
                if (back.GetHashCode() != value.GetHashCode()) return "hash differs";
                if (KeySerializers.Get<Inner>() is not RecordKeySerializer<Inner>) return "no key serializer";
                return "ok " + buffer.WrittenCount + " " + Outer.Serializer.SchemaText;
            }
        }
        """;

    [Fact]
    public void GeneratedCodeCompilesLoadsAndRoundTrips()
    {
        var output = RecordGeneratorHarness.Run(Source);
        output.AssertClean();
        var assembly = RecordGeneratorHarness.Load(output.Output);
        string result = (string)assembly.GetType("Dynamic.Harness")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        Assert.StartsWith("ok ", result);
        Assert.Contains("Dynamic.Outer{1:First:record<Dynamic.Inner>;2:Second:record<Dynamic.Inner>?;3:Many:seq<record<Dynamic.Inner>>", result);
    }

    [Fact]
    public void GeneratedFingerprintMatchesTheRuntimeFunction()
    {
        var s = Compiled.Connectors.Nexmark.Bid.Serializer.Instance;
        Assert.Equal(Serialization.SchemaFingerprint.Of(s.Schema), s.Fingerprint);
        Assert.Equal(Serialization.SchemaFingerprint.Of(Shape.Serializer.SchemaText), Shape.Serializer.SchemaFingerprint);
        Assert.Equal(
            "Compiled.Connectors.Nexmark.Bid{1:Auction:svarint;2:Bidder:svarint;3:Price:svarint;4:Channel:string;5:Url:string;6:DateTime:svarint;7:Extra:string}",
            s.Schema);
    }
}
