namespace Compiled.Analyzers.Tests;

public sealed class UnserializableMemberTests
{
    private const string Id = "CMP0005";

    [Fact]
    public void Reports_members_of_unserializable_types()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public interface IShape { }

            [StreamRecord]
            public partial record struct Order(long Id, object [|Tag|], IShape [|Shape|], Func<long, long> [|Pricing|]);

            [StreamRecord]
            public sealed partial class Basket
            {
                public long Id { get; init; }
                public List<object>? [|Items|] { get; init; }
                public IReadOnlyList<long>? [|Lines|] { get; init; }
                public dynamic? [|Extra|] { get; set; }
                public Action[]? [|Callbacks|];
                public long Computed => Id * 2;
                public static object? Shared;
            }
            """, Id);
        Assert.Contains("Member 'Tag' of stream record 'Order' has type 'object'", diagnostics[0].GetMessage());
    }

    [Fact]
    public void Accepts_serializable_members_and_unannotated_types()
    {
        AnalyzerHarness.Verify("""
            public enum Kind { A, B }

            [StreamRecord]
            public partial record struct Line(long Id);

            [StreamRecord]
            public partial record Order(long Id, string Name, decimal Price, DateTime At, TimeSpan Age, Guid Ref, Kind Kind,
                long? Maybe, long[] Values, List<Line> Lines, Dictionary<string, long> Counts, (long, string) Pair);

            public record Plain(object Anything, Func<int> Callback);
            """, Id);
    }
}
