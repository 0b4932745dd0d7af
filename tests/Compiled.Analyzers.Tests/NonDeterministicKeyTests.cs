namespace Compiled.Analyzers.Tests;

public sealed class NonDeterministicKeyTests
{
    private const string Id = "CMP0003";

    [Fact]
    public void Reports_non_deterministic_calls_in_key_selectors()
    {
        AnalyzerHarness.Verify("""
            public record Order(string Customer, long Id, object Tag);

            public static class Job
            {
                public static void Build(DataStream<Order> orders, DataStream<Order> other)
                {
                    _ = orders.KeyBy(static o => o.Customer.[|GetHashCode|]());
                    _ = orders.KeyBy(static o => o.Tag.[|GetHashCode|]() % 16);
                    _ = orders.KeyBy(static o => o.[|GetHashCode|]());
                    _ = orders.KeyBy(static o => (o.Id, o.Customer).[|GetHashCode|]());
                    _ = orders.KeyBy(static o => HashCode.[|Combine|](o.Id, o.Customer));
                    _ = orders.KeyBy(static o => DateTime.[|Now|].Hour);
                    _ = orders.KeyBy(static o => DateTimeOffset.[|UtcNow|].Minute);
                    _ = orders.KeyBy(static o => Random.Shared.[|Next|](8));
                    _ = orders.KeyBy(static o => Guid.[|NewGuid|]());
                    _ = orders.KeyBy(static o => Environment.[|TickCount|] % 4);
                    _ = orders.KeyBy(static o => StringComparer.Ordinal.[|GetHashCode|](o.Customer));
                    orders.Connect(other).KeyBy(static a => a.Id, static b => b.Customer.[|GetHashCode|]());
                }
            }
            """, Id);
    }

    [Fact]
    public void Reports_key_serializers_and_key_selector_types()
    {
        AnalyzerHarness.Verify("""
            public sealed class NameKey : KeySerializer<string>
            {
                public override void Write(string key, System.Buffers.IBufferWriter<byte> writer)
                {
                    int hash = key.[|GetHashCode|]();
                    BitConverter.TryWriteBytes(writer.GetSpan(4), hash);
                    writer.Advance(4);
                }
            }

            public struct TimeKey : IKeySelector<long, long>
            {
                public long GetKey(in long value) => value + DateTime.[|UtcNow|].Ticks;
            }
            """, Id);
    }

    [Fact]
    public void Accepts_deterministic_keys_and_non_deterministic_code_elsewhere()
    {
        AnalyzerHarness.Verify("""
            public enum Region { North, South }
            public record Order(string Customer, long Id, int Small, Region Region, double Price);

            public static class Job
            {
                public static void Build(DataStream<Order> orders)
                {
                    _ = orders.KeyBy(static o => o.Customer);
                    _ = orders.KeyBy(static o => o.Id.GetHashCode());
                    _ = orders.KeyBy(static o => o.Small.GetHashCode() % 8);
                    _ = orders.KeyBy(static o => o.Region.GetHashCode());
                    _ = orders.KeyBy(static o => (o.Customer, o.Id));
                    orders.Map(static o => o with { Id = DateTime.UtcNow.Ticks + o.Customer.GetHashCode() }).Print();
                    orders.Filter(static o => Random.Shared.Next(2) == 0).Print();
                    int seed = "abc".GetHashCode();
                }
            }
            """, Id);
    }
}
