using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Compiled.Benchmarks.Report;
using Compiled.Connectors.Nexmark;
using Compiled.Serialization;

namespace Compiled.Benchmarks.Serializers;

/// <summary>
/// <c>--serializers</c>: throughput of the generated [StreamRecord] serializers over generated Nexmark
/// events (records/s and bytes/s, serialize and deserialize separately), and allocated bytes per Bid
/// round trip measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> deltas.
/// </summary>
internal static class SerializerBench
{
    public static int Run(string[] args)
    {
        int records = 200_000, repetitions = 5;
        string? markdown = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--records": records = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repetitions": repetitions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--markdown": markdown = args[++i]; break;
                default:
                    Console.Error.WriteLine("usage: bench --serializers [--records N] [--repetitions R] [--markdown FILE]");
                    return 2;
            }
        }

        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = long.MaxValue });
        var bids = new List<Bid>();
        var people = new List<Person>();
        var auctions = new List<Auction>();
        for (long n = 0; bids.Count < records || people.Count < records || auctions.Count < records; n++)
        {
            switch (generator.TypeOf(n))
            {
                case NexmarkEventType.Bid when bids.Count < records: bids.Add(generator.GenerateBid(n)); break;
                case NexmarkEventType.Person when people.Count < records: people.Add(generator.GeneratePerson(n)); break;
                case NexmarkEventType.Auction when auctions.Count < records: auctions.Add(generator.GenerateAuction(n)); break;
            }
        }

        var rows = new List<string>
        {
            Measure("Bid", CollectionsMarshal.AsSpan(bids).ToArray(), Bid.Serializer.Instance, repetitions),
            Measure("Person", CollectionsMarshal.AsSpan(people).ToArray(), Person.Serializer.Instance, repetitions),
            Measure("Auction", CollectionsMarshal.AsSpan(auctions).ToArray(), Auction.Serializer.Instance, repetitions),
        };
        var (withCache, withoutCache) = BidAllocation(bids[0]);

        var sb = new StringBuilder();
        sb.AppendLine("## Serializers");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Compiled.Benchmarks -- --serializers --records {records} --repetitions {repetitions}`  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Input: {records:N0} generated Nexmark records per type (default generator sizes); one thread; median of {repetitions} passes after a warm-up pass.");
        sb.AppendLine("Serialize = append every record to one pooled `ArrayBufferWriter<byte>` (`Serializer.Serialize`); deserialize = read them all back (`Deserialize`,");
        sb.AppendLine("with a per-thread `Utf8StringCache` so repeated strings are not reallocated — Nexmark's strings come from small tables). Bytes/s counts encoded bytes.");
        sb.AppendLine();
        sb.AppendLine("| record | avg encoded size | serialize records/s | serialize bytes/s | deserialize records/s | deserialize bytes/s |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows) sb.AppendLine(r);
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Allocated bytes per Bid round trip (serialize + deserialize one Bid, 100,000 iterations, `GC.GetAllocatedBytesForCurrentThread` delta):");
        sb.AppendLine(CultureInfo.InvariantCulture, $"**{withCache:F2} B** with a `Utf8StringCache`; {withoutCache:F2} B without one (the three strings Channel, Url and Extra are new objects then; the serializer itself allocates nothing).");
        string text = sb.ToString();
        Console.WriteLine(text);
        if (markdown is not null) MarkdownSections.Write(markdown, "serializers", text);
        return 0;
    }

    private static string Measure<T>(string name, T[] records, RecordSerializer<T> serializer, int repetitions)
    {
        var buffer = new ArrayBufferWriter<byte>(records.Length * 256);
        var cache = new Utf8StringCache();
        var serializeTimes = new List<double>();
        var deserializeTimes = new List<double>();
        long checksum = 0;
        for (int rep = -1; rep < repetitions; rep++)
        {
            buffer.ResetWrittenCount();
            var sw = Stopwatch.StartNew();
            foreach (ref readonly var r in records.AsSpan()) serializer.Serialize(r, buffer);
            double ser = sw.Elapsed.TotalSeconds;

            sw.Restart();
            var span = buffer.WrittenSpan;
            for (int i = 0; i < records.Length; i++)
            {
                var value = serializer.Deserialize(span, out int consumed, cache);
                checksum += consumed + (value is null ? 0 : 1);
                span = span[consumed..];
            }
            double de = sw.Elapsed.TotalSeconds;
            if (!span.IsEmpty) throw new InvalidOperationException("not all bytes consumed");
            if (rep >= 0)
            {
                serializeTimes.Add(ser);
                deserializeTimes.Add(de);
            }
        }
        GC.KeepAlive(checksum);
        double bytes = buffer.WrittenCount;
        double s = serializeTimes.Order().ElementAt(serializeTimes.Count / 2);
        double d = deserializeTimes.Order().ElementAt(deserializeTimes.Count / 2);
        Console.Error.WriteLine($"  {name}: {records.Length / s / 1e6:F2} M rec/s serialize, {records.Length / d / 1e6:F2} M rec/s deserialize");
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {bytes / records.Length:F1} B | {records.Length / s / 1e6:F2} M | {bytes / s / 1e6:F0} MB/s | {records.Length / d / 1e6:F2} M | {bytes / d / 1e6:F0} MB/s |");
    }

    private static (double WithCache, double WithoutCache) BidAllocation(Bid bid)
    {
        var serializer = Bid.Serializer.Instance;
        var buffer = new ArrayBufferWriter<byte>(4096);
        var cache = new Utf8StringCache();
        const int n = 100_000;
        long sum = 0;
        double Run(Utf8StringCache? c)
        {
            for (int i = 0; i < 1000; i++) Once(c);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < n; i++) Once(c);
            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
        }
        void Once(Utf8StringCache? c)
        {
            buffer.ResetWrittenCount();
            serializer.Serialize(bid, buffer);
            sum += serializer.Deserialize(buffer.WrittenSpan, out _, c).Price;
        }
        var result = (Run(cache), Run(null));
        GC.KeepAlive(sum);
        return result;
    }
}
