namespace Compiled.Generators.Tests.Jobs;

/// <summary>Job sources used by the generator tests.</summary>
internal static class JobSources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using Compiled;
        using Compiled.Api;
        using Compiled.Cluster;
        using Compiled.Connectors;

        """;

    /// <summary>A filter → map → map chain, a key selector and a keyed reduce; <c>Run</c> executes it and returns the results.</summary>
    public const string Chain = Usings + """
        namespace Shop;

        public readonly record struct Order(long Customer, long Amount, string Channel);

        [StreamJob]
        public static partial class Orders
        {
            private const long Threshold = 10;

            public static DataStream<(long Customer, long Total)> Define(DataStream<Order> orders) =>
                orders.Filter(static o => o.Amount >= Threshold && IsWeb(o))
                      .Map(o => o with { Amount = o.Amount * 2 })
                      .Map(static o => (o.Customer, o.Amount))
                      .KeyBy(static t => t.Customer)
                      .Reduce(static (a, b) => (a.Customer, a.Item2 + b.Item2));

            private static bool IsWeb(Order o) => o.Channel == "web";

            public static List<(long, long)> Run(bool interpreted, int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
                var orders = new List<Order>();
                for (int i = 0; i < 1000; i++) orders.Add(new Order(i % 7, i % 40, i % 3 == 0 ? "web" : "app"));
                var sink = new CollectSink<(long, long)>();
                Define(env.FromCollection(orders)).SinkTo(sink);
                env.Execute();
                var results = new List<(long, long)>(sink.Results);
                results.Sort();
                return results;
            }
        }
        """;

    /// <summary>Block bodies and a static method group.</summary>
    public const string BlockAndMethodGroup = Usings + """
        namespace Shop;

        [StreamJob]
        public static partial class Words
        {
            public static DataStream<int> Define(DataStream<string> lines) =>
                lines.Map(static line =>
                     {
                         var trimmed = line.Trim();
                         return trimmed.Length;
                     })
                     .Filter(IsEven);

            private static bool IsEven(int n) => n % 2 == 0;
        }
        """;

    /// <summary>Lambdas whose parameter is captured by a nested lambda or reassigned: passed by value, not 'in'.</summary>
    public const string ByValueParameters = Usings + """
        using System.Linq;

        namespace Shop;

        [StreamJob]
        public static partial class Tags
        {
            private static readonly long[] Known = [1, 2, 3];

            public static DataStream<long> Define(DataStream<long> values) =>
                values.Filter(static v => Known.Any(k => k == v))
                      .Map(static v => { v += 1; return v; });
        }
        """;

    /// <summary>
    /// Flat-maps inside a fused chain (a filter before, a map between, a filter after; implicit and explicit lambda
    /// parameter types); <c>Run</c> executes it and returns the sorted results, <c>Operators</c> the operator names.
    /// </summary>
    public const string FlatMapChain = Usings + """
        using Compiled.Functions;

        namespace Shop;

        [StreamJob]
        public static partial class Sentences
        {
            private const int Long = 4;

            public static DataStream<(string Word, int Length)> Define(DataStream<string> lines) =>
                lines.Filter(static l => l.Length > 0)
                     .FlatMap<string>(static (line, words) =>
                     {
                         foreach (var word in line.Split(' '))
                             if (word.Length > 0) words.Collect(word);
                     })
                     .Map(static w => (w, w.Length))
                     .FlatMap(static ((string Word, int Length) t, ICollector<(string Word, int Length)> output) =>
                     {
                         output.Collect(t);
                         if (t.Length > Long) output.Collect((t.Word.ToUpperInvariant(), t.Length));
                     })
                     .Filter(static t => t.Length != 3);

            public static List<(string, int)> Run(bool interpreted, int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
                var lines = new List<string>();
                for (int i = 0; i < 700; i++) lines.Add(i % 5 == 0 ? "" : $"the quick brown fox {i} jumps over  lazy dogs {i * 7}");
                var sink = new CollectSink<(string, int)>();
                Define(env.FromCollection(lines)).SinkTo(sink);
                env.Execute();
                var results = new List<(string, int)>(sink.Results);
                results.Sort();
                return results;
            }

            public static string[] Operators(bool interpreted)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
                Define(env.FromCollection(new[] { "a b" })).SinkTo(new CollectSink<(string, int)>());
                var names = new string[env.Nodes.Count];
                for (int i = 0; i < names.Length; i++) names[i] = env.Nodes[i].Name;
                return names;
            }
        }
        """;

    /// <summary>A flat-map that hands its collector to a helper: stays interpreted with a warning.</summary>
    public const string CollectorPassedOn = Usings + """
        using Compiled.Functions;

        namespace Shop;

        [StreamJob]
        public static partial class Splitter
        {
            public static DataStream<string> Define(DataStream<string> lines) =>
                lines.FlatMap<string>(static (line, output) => Split(line, output));

            private static void Split(string line, ICollector<string> output)
            {
                foreach (var word in line.Split(' ')) output.Collect(word);
            }
        }
        """;

    /// <summary>
    /// Window aggregates with and without a window function, plus one whose aggregate implements the interface
    /// explicitly (it stays a call through the interface); <c>Run</c> returns the sorted rows of all three.
    /// </summary>
    public const string WindowAggregates = Usings + """
        using Compiled.EventTime;
        using Compiled.Functions;
        using Compiled.Windowing;

        namespace Shop;

        public readonly record struct Sale(long Store, long Amount, long Time);

        public sealed class SumAmounts : IAggregateFunction<Sale, long, long>
        {
            public long CreateAccumulator() => 0;
            public long Add(in Sale value, long accumulator) => accumulator + value.Amount;
            public long GetResult(long accumulator) => accumulator;
            public long Merge(long a, long b) => a + b;
        }

        public struct MaxAmount : IAggregateFunction<Sale, long, long>
        {
            public long CreateAccumulator() => long.MinValue;
            public long Add(in Sale value, long accumulator) => Math.Max(accumulator, value.Amount);
            public long GetResult(long accumulator) => accumulator;
            public long Merge(long a, long b) => Math.Max(a, b);
        }

        public sealed class CountSales : IAggregateFunction<Sale, long, long>
        {
            long IAggregateFunction<Sale, long, long>.CreateAccumulator() => 0;
            long IAggregateFunction<Sale, long, long>.Add(in Sale value, long accumulator) => accumulator + 1;
            long IAggregateFunction<Sale, long, long>.GetResult(long accumulator) => accumulator;
            long IAggregateFunction<Sale, long, long>.Merge(long a, long b) => a + b;
        }

        public sealed class WithWindow : ProcessWindowFunction<long, (string, long, long, long), long, TimeWindow>
        {
            public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<(string, long, long, long)> output) =>
                output.Collect(("sum", key, context.Window.End, elements[0]));
        }

        [StreamJob]
        public static partial class Sales
        {
            public static DataStream<(string, long, long, long)> Define(DataStream<Sale> sales)
            {
                var windows = sales.KeyBy(static s => s.Store).Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)));
                var sums = windows.Aggregate(new SumAmounts(), new WithWindow(), "sums");
                var max = windows.Aggregate(new MaxAmount(), "max").Map(static m => ("max", 0L, 0L, m));
                var counts = windows.Aggregate(new CountSales(), "counts").Map(static c => ("count", 0L, 0L, c));
                return sums.Union(max, counts);
            }

            public static List<(string, long, long, long)> Run(bool interpreted, int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
                var sales = new List<Sale>();
                for (int i = 0; i < 2000; i++) sales.Add(new Sale(i % 5, (i * 37) % 101, i * 7L));
                var sink = new CollectSink<(string, long, long, long)>();
                Define(env.FromCollection(sales, WatermarkStrategy.ForMonotonousTimestamps<Sale>(static s => s.Time))).SinkTo(sink);
                env.Execute();
                var results = new List<(string, long, long, long)>(sink.Results);
                results.Sort();
                return results;
            }
        }
        """;

    /// <summary>
    /// Window reduces (a method group; a lambda with a window function) and rolling reduces (a discarded parameter;
    /// explicit tuple types that name elements differently, a block body writing its parameter), all compiled;
    /// <c>Run</c> returns the sorted rows of all four.
    /// </summary>
    public const string Reduces = Usings + """
        using Compiled.EventTime;
        using Compiled.Functions;
        using Compiled.Windowing;

        namespace Shop;

        public readonly record struct Reading(long Sensor, long Value, long Time);

        public sealed class Describe : ProcessWindowFunction<Reading, (string, long, long, long), long, TimeWindow>
        {
            public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<Reading> elements, ICollector<(string, long, long, long)> output) =>
                output.Collect(("max", key, context.Window.End, elements[0].Value * 1000 + elements[0].Time));
        }

        [StreamJob]
        public static partial class Readings
        {
            public static DataStream<(string, long, long, long)> Define(DataStream<Reading> readings)
            {
                var keyed = readings.KeyBy(static r => r.Sensor);
                var windows = keyed.Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)));
                var sums = windows.Reduce(Sum, "sums").Map(static r => ("sum", r.Sensor, r.Time, r.Value));
                var max = windows.Reduce(static (a, b) => a.Value >= b.Value ? a : b, new Describe(), "max");
                var latest = keyed.Reduce(static (_, next) => next).Map(static r => ("latest", r.Sensor, r.Time, r.Value));
                // Parallelism 1 keeps each sensor's readings in source order, so the rolling totals are deterministic.
                var running = readings.Map(static r => (r.Sensor, r.Value)).SetParallelism(1)
                    .KeyBy(static t => t.Sensor)
                    .Reduce(static ((long Id, long Total) acc, (long Id, long Total) next) =>
                    {
                        acc.Total += next.Total;
                        return acc;
                    }, "running")
                    .Map(static t => ("running", t.Sensor, 0L, t.Value));
                return sums.Union(max, latest, running);
            }

            private static Reading Sum(Reading a, Reading b) => a with { Value = a.Value + b.Value };

            /// <summary>The job's operators, created as a task would (the tests look at the function types they run).</summary>
            public static object[] Operators(bool interpreted)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
                var readings = env.FromCollection(new[] { new Reading(1, 2, 3) }, WatermarkStrategy.ForMonotonousTimestamps<Reading>(static r => r.Time));
                Define(readings).SinkTo(new CollectSink<(string, long, long, long)>());
                var operators = new object[env.Nodes.Count];
                for (int i = 0; i < operators.Length; i++) operators[i] = env.Nodes[i].CreateOperator();
                return operators;
            }

            /// <summary>Both parameters discarded: the generated method must still name them apart.</summary>
            public static DataStream<long> Ones(DataStream<long> values) => values.KeyBy(static v => v % 2).Reduce(static (_, _) => 1L);

            public static List<(string, long, long, long)> Run(bool interpreted, int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
                var readings = new List<Reading>();
                for (int i = 0; i < 2000; i++) readings.Add(new Reading(i % 4, (i * 53) % 97, i * 5L));
                var sink = new CollectSink<(string, long, long, long)>();
                Define(env.FromCollection(readings, WatermarkStrategy.ForMonotonousTimestamps<Reading>(static r => r.Time))).SinkTo(sink);
                env.Execute();
                var results = new List<(string, long, long, long)>(sink.Results);
                results.Sort();
                return results;
            }
        }
        """;

    /// <summary>
    /// Reduces that stay interpreted: a rolling and a count-window reduce capturing a parameter (hidden CMP1001: the
    /// analyzer reports captures) and a reduce given a delegate value (visible CMP1001); <c>Run</c> returns sorted rows.
    /// </summary>
    public const string UncompiledReduces = Usings + """
        namespace Shop;

        [StreamJob]
        public static partial class Capped
        {
            private static readonly Func<long, long, long> Add = static (a, b) => a + b;

            public static DataStream<(string, long)> Define(DataStream<long> values, long cap)
            {
                var keyed = values.KeyBy(static v => v % 3);
                var rolling = keyed.Reduce((a, b) => Math.Min(cap, a + b)).Map(static v => ("rolling", v));
                var windowed = keyed.CountWindow(10).Reduce((a, b) => Math.Min(cap, a + b)).Map(static v => ("window", v));
                var added = keyed.Reduce(Add).Map(static v => ("added", v));
                return rolling.Union(windowed, added);
            }

            public static List<(string, long)> Run(bool interpreted, int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
                var values = new List<long>();
                for (int i = 0; i < 300; i++) values.Add(i);
                var sink = new CollectSink<(string, long)>();
                Define(env.FromCollection(values), 1000).SinkTo(sink);
                env.Execute();
                var results = new List<(string, long)>(sink.Results);
                results.Sort();
                return results;
            }
        }
        """;

    /// <summary>
    /// Process functions of all four families, called as their own classes: a private, unsealed one on a data stream
    /// (with a side output), a keyed one with state and event-time timers, a co-process and a keyed co-process one
    /// with shared state and timers; and one passed as its base class, which stays a call through the base.
    /// <c>Run</c> returns the sorted rows (independent of how records of different subtasks interleave),
    /// <c>Operators</c> the operators a task would run.
    /// </summary>
    public const string Processes = Usings + """
        using Compiled.EventTime;
        using Compiled.Functions;
        using Compiled.Process;
        using Compiled.State;

        namespace Shop;

        public readonly record struct Click(long User, long Page, long Time);

        public readonly record struct Purchase(long User, long Amount, long Time);

        /// <summary>Counts each user's clicks; reports the count when the input ends (a timer beyond every record).</summary>
        public sealed class ClicksPerUser : KeyedProcessFunction<long, Click, string>
        {
            private ValueState<long>? _count;

            public override void Open() => _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));

            public override void ProcessElement(in Click click, KeyedContext<long> context, ICollector<string> output)
            {
                if (!_count!.HasValue) output.Collect($"first:{context.CurrentKey}");
                _count.Update(_count.Value + 1);
                context.TimerService.RegisterEventTimeTimer(Clicks.End);
            }

            public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<string> output) =>
                output.Collect($"clicks:{context.CurrentKey}:{_count!.Value}:{context.TimeDomain}@{context.Timestamp}");
        }

        public sealed class Mix : CoProcessFunction<Click, Purchase, string>
        {
            public override void ProcessElement1(in Click click, ProcessContext context, ICollector<string> output)
            {
                if (click.User == 0) output.Collect($"click:{click.Page}@{context.Timestamp}");
            }

            public override void ProcessElement2(in Purchase purchase, ProcessContext context, ICollector<string> output) =>
                output.Collect($"purchase:{purchase.User}:{purchase.Amount}@{context.Timestamp}");
        }

        /// <summary>Each user's clicks and spending, from both inputs through one keyed state; reported when the input ends.</summary>
        public sealed class Spend : KeyedCoProcessFunction<long, Click, Purchase, string>
        {
            private ValueState<(long Clicks, long Amount)>? _totals;

            public override void Open() => _totals = RuntimeContext.GetState(new ValueStateDescriptor<(long Clicks, long Amount)>("totals"));

            public override void ProcessElement1(in Click click, KeyedContext<long> context, ICollector<string> output)
            {
                _totals!.Update((_totals.Value.Clicks + 1, _totals.Value.Amount));
                context.TimerService.RegisterEventTimeTimer(Clicks.End);
            }

            public override void ProcessElement2(in Purchase purchase, KeyedContext<long> context, ICollector<string> output)
            {
                _totals!.Update((_totals.Value.Clicks, _totals.Value.Amount + purchase.Amount));
                context.TimerService.RegisterEventTimeTimer(Clicks.End);
            }

            public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<string> output) =>
                output.Collect($"spend:{context.CurrentKey}:{_totals!.Value.Clicks}:{_totals.Value.Amount}@{timestamp}");
        }

        [StreamJob]
        public static partial class Clicks
        {
            public const long End = 1_000_000;
            private static readonly OutputTag<string> Odd = new("odd");

            /// <summary>Even pages to the main output, odd ones to a side output (not sealed: its calls stay virtual).</summary>
            private class EvenPages : ProcessFunction<Click, string>
            {
                public override void ProcessElement(in Click click, ProcessContext context, ICollector<string> output)
                {
                    if (click.Page % 2 == 0) output.Collect($"even:{click.User}:{click.Page}@{context.Timestamp}");
                    else context.Output(Odd, $"odd:{click.User}:{click.Page}");
                }
            }

            public static DataStream<string> Define(DataStream<Click> clicks, DataStream<Purchase> purchases)
            {
                var pages = clicks.Process(new EvenPages(), "pages");
                var perUser = clicks.KeyBy(static c => c.User).Process(new ClicksPerUser());
                var mixed = clicks.Connect(purchases).Process(name: "mix", function: new Mix());
                var spend = clicks.Connect(purchases).KeyBy(static c => c.User, static p => p.User).Process(new Spend(), "spend");
                KeyedProcessFunction<long, Click, string> viaBase = new ClicksPerUser();
                var again = clicks.KeyBy(static c => c.User + 100).Process(viaBase, "via base");
                return pages.Union(pages.GetSideOutput(Odd), perUser, mixed, spend, again);
            }

            private static (DataStream<Click>, DataStream<Purchase>) Inputs(StreamEnvironment env, int count)
            {
                var clicks = new List<Click>();
                var purchases = new List<Purchase>();
                for (int i = 0; i < count; i++)
                {
                    clicks.Add(new Click(i % 5, i % 11, i * 3L));
                    if (i % 4 == 0) purchases.Add(new Purchase(i % 7, i % 13, i * 3L + 1));
                }
                return (env.FromCollection(clicks, WatermarkStrategy.ForMonotonousTimestamps<Click>(static c => c.Time)),
                    env.FromCollection(purchases, WatermarkStrategy.ForMonotonousTimestamps<Purchase>(static p => p.Time)));
            }

            public static List<string> Run(bool interpreted, int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
                var (clicks, purchases) = Inputs(env, 400);
                var sink = new CollectSink<string>();
                Define(clicks, purchases).SinkTo(sink);
                env.Execute();
                var results = new List<string>(sink.Results);
                results.Sort(StringComparer.Ordinal);
                return results;
            }

            /// <summary>The operators of the job, created twice per node as two subtasks would be.</summary>
            public static object[] Operators(bool interpreted)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 2, Interpreted = interpreted });
                var (clicks, purchases) = Inputs(env, 1);
                Define(clicks, purchases).SinkTo(new CollectSink<string>());
                var operators = new object[env.Nodes.Count * 2];
                for (int i = 0; i < operators.Length; i++) operators[i] = env.Nodes[i / 2].CreateOperator();
                return operators;
            }
        }
        """;

    /// <summary>
    /// Process calls that stay calls through the function's base class: a class hiding <c>ProcessElement</c> with a
    /// method of its own (a direct call would bind to it), a function typed as its abstract base, and a generic
    /// function in a generic method; <c>Run</c> returns the sorted rows.
    /// </summary>
    public const string UncompiledProcesses = Usings + """
        using Compiled.Functions;
        using Compiled.Process;

        namespace Shop;

        public class Echo : KeyedProcessFunction<long, long, long>
        {
            public override void ProcessElement(in long value, KeyedContext<long> context, ICollector<long> output) => output.Collect(value);
        }

        public sealed class Hiding : Echo
        {
            public new void ProcessElement(in long value, KeyedContext<long> context, ICollector<long> output) => output.Collect(-value);
        }

        public sealed class Offset<T>(Func<T, T> add) : ProcessFunction<T, T>
        {
            public override void ProcessElement(in T value, ProcessContext context, ICollector<T> output) => output.Collect(add(value));
        }

        [StreamJob]
        public static partial class Kept
        {
            public static DataStream<long> Define(DataStream<long> values)
            {
                var keyed = values.KeyBy(static v => v % 2);
                return keyed.Process(new Hiding()).Union(keyed.Process(Make()), Shift(values, static v => v + 1000));
            }

            private static KeyedProcessFunction<long, long, long> Make() => new Echo();

            private static DataStream<T> Shift<T>(DataStream<T> values, Func<T, T> add) => values.Process(new Offset<T>(add));

            public static List<long> Run(bool interpreted, int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
                var values = new List<long>();
                for (int i = 0; i < 50; i++) values.Add(i);
                var sink = new CollectSink<long>();
                Define(env.FromCollection(values)).SinkTo(sink);
                env.Execute();
                var results = new List<long>(sink.Results);
                results.Sort();
                return results;
            }
        }
        """;

    /// <summary>
    /// Types shared by the key-selector jobs: visits and payments, an account key with a key serializer of its own, and
    /// a keyed co-process function counting each key's visits and payments in one keyed state (reported when the input ends).
    /// </summary>
    private const string AccountTypes = Usings + """
        using System.Buffers;
        using System.Buffers.Binary;
        using Compiled.EventTime;
        using Compiled.Functions;
        using Compiled.Process;
        using Compiled.Serialization;
        using Compiled.State;

        namespace Shop;

        public readonly record struct Visit(long User, long Page, long Time);

        public readonly record struct Payment(long Account, long Amount, long Time);

        public readonly record struct Account(long Id);

        /// <summary>An account's canonical key bytes: its id, little-endian.</summary>
        public sealed class AccountKey : KeySerializer<Account>
        {
            public override void Write(Account key, IBufferWriter<byte> writer)
            {
                BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), key.Id);
                writer.Advance(8);
            }
        }

        public sealed class Activity : KeyedCoProcessFunction<long, Visit, Payment, string>
        {
            public const long End = 1_000_000;
            private ValueState<(long Visits, long Paid)>? _totals;

            public override void Open() => _totals = RuntimeContext.GetState(new ValueStateDescriptor<(long Visits, long Paid)>("totals"));

            public override void ProcessElement1(in Visit visit, KeyedContext<long> context, ICollector<string> output)
            {
                _totals!.Update((_totals.Value.Visits + 1, _totals.Value.Paid));
                context.TimerService.RegisterEventTimeTimer(End);
            }

            public override void ProcessElement2(in Payment payment, KeyedContext<long> context, ICollector<string> output)
            {
                _totals!.Update((_totals.Value.Visits, _totals.Value.Paid + payment.Amount));
                context.TimerService.RegisterEventTimeTimer(End);
            }

            public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<string> output) =>
                output.Collect($"activity:{context.CurrentKey}:{_totals!.Value.Visits}:{_totals.Value.Paid}");
        }

        public static class AccountInputs
        {
            /// <summary>Visit i: user i % 13, time 2 i; every third i also a payment: account i % 17, amount i % 29, time 2 i + 1.</summary>
            public static (DataStream<Visit>, DataStream<Payment>) Of(StreamEnvironment env, int count)
            {
                var visits = new List<Visit>();
                var payments = new List<Payment>();
                for (int i = 0; i < count; i++)
                {
                    visits.Add(new Visit(i % 13, i % 7, i * 2L));
                    if (i % 3 == 0) payments.Add(new Payment(i % 17, i % 29, i * 2L + 1));
                }
                return (env.FromCollection(visits, WatermarkStrategy.ForMonotonousTimestamps<Visit>(static v => v.Time)),
                    env.FromCollection(payments, WatermarkStrategy.ForMonotonousTimestamps<Payment>(static p => p.Time)));
            }

            public static List<string> Run(StreamEnvironment env, Func<DataStream<Visit>, DataStream<Payment>, DataStream<string>> define)
            {
                var (visits, payments) = Of(env, 600);
                var sink = new CollectSink<string>();
                define(visits, payments).SinkTo(sink);
                env.Execute();
                var results = new List<string>(sink.Results);
                results.Sort(StringComparer.Ordinal);
                return results;
            }
        }

        """;

    /// <summary>
    /// Key selectors of the other KeyBy overloads: connected streams keyed by a block-bodied lambda and a static method
    /// group into a keyed co-process function, and a data stream keyed with an explicit key serializer by a lambda whose
    /// explicit tuple type names the elements differently; <c>Run</c> returns the sorted rows, <c>Operators</c> the
    /// operators a task would run.
    /// </summary>
    public const string KeySelectors = AccountTypes + """
        [StreamJob]
        public static partial class Accounts
        {
            public static DataStream<string> Define(DataStream<Visit> visits, DataStream<Payment> payments)
            {
                var activity = visits.Connect(payments)
                    .KeyBy(static v =>
                    {
                        long user = v.User;
                        return user % 10;
                    }, PayerOf)
                    .Process(new Activity(), "activity");
                // Parallelism 1 keeps each account's payments in source order, so the running balances are deterministic.
                var balances = payments.Map(static p => (p.Account, p.Amount)).SetParallelism(1)
                    .KeyBy(static ((long Id, long Sum) t) => new Account(t.Id), new AccountKey())
                    .Reduce(static (a, b) => (a.Account, a.Amount + b.Amount), "balance")
                    .Map(static t => $"balance:{t.Account}:{t.Amount}");
                return activity.Union(balances);
            }

            private static long PayerOf(Payment p) => p.Account % 10;

            public static List<string> Run(bool interpreted, int parallelism) =>
                AccountInputs.Run(new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted }), Define);

            private static StreamEnvironment Plan(bool interpreted)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
                var (visits, payments) = AccountInputs.Of(env, 1);
                Define(visits, payments).SinkTo(new CollectSink<string>());
                return env;
            }

            /// <summary>The job's operators, created as a task would (the tests look at the key selectors they run).</summary>
            public static object[] Operators(bool interpreted)
            {
                var env = Plan(interpreted);
                var operators = new object[env.Nodes.Count];
                for (int i = 0; i < operators.Length; i++) operators[i] = env.Nodes[i].CreateOperator();
                return operators;
            }

            /// <summary>The uids the nodes' state is stored under (a savepoint restores across modes only if they match).</summary>
            public static string[] StateUids(bool interpreted)
            {
                var env = Plan(interpreted);
                var uids = new string[env.Nodes.Count];
                for (int i = 0; i < uids.Length; i++) uids[i] = env.Nodes[i].StateUid;
                return uids;
            }
        }
        """;

    /// <summary>
    /// KeyBy calls whose selectors stay delegates: connected streams keyed by a capturing lambda (hidden CMP1001: the
    /// analyzer reports captures), by a delegate value and by an instance method group (visible CMP1001), a data
    /// stream keyed with an explicit serializer by a capturing lambda, and a key selector in a generic method (visible);
    /// <c>Run</c> returns the sorted rows.
    /// </summary>
    public const string UncompiledKeySelectors = AccountTypes + """
        [StreamJob]
        public sealed partial class Linked(long buckets)
        {
            private static readonly Func<Payment, long> Payer = static p => p.Account % 10;

            public DataStream<string> Define(DataStream<Visit> visits, DataStream<Payment> payments, long shift)
            {
                var captured = visits.Connect(payments).KeyBy(v => v.User % buckets, static p => p.Account % 10).Process(new Activity(), "captured");
                var delegated = visits.Connect(payments).KeyBy(static v => v.User % 10, Payer).Process(new Activity(), "delegated");
                var instance = visits.Connect(payments).KeyBy(UserOf, static p => p.Account % 10).Process(new Activity(), "instance");
                var balances = payments.KeyBy(p => new Account(p.Account + shift), new AccountKey())
                    .Reduce(static (a, b) => a with { Amount = a.Amount + b.Amount }, "balance")
                    .Map(static p => $"balance:{p.Account}:{p.Amount}");
                return captured.Union(delegated, instance, balances);
            }

            private long UserOf(Visit v) => v.User % buckets;

            /// <summary>A key selector in a generic method: a struct in the job class could not name T.</summary>
            public static KeyedStream<T, int> ByHash<T>(DataStream<T> values) where T : notnull => values.KeyBy(static v => v.GetHashCode());

            public static List<string> Run(bool interpreted, int parallelism) =>
                AccountInputs.Run(new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted }),
                    static (visits, payments) => new Linked(10).Define(visits, payments, 100));
        }
        """;

    /// <summary>A job nested in another partial type.</summary>
    public const string Nested = Usings + """
        namespace Shop;

        public partial class Outer
        {
            [StreamJob]
            internal static partial class Inner
            {
                public static DataStream<long> Define(DataStream<long> values) => values.Map(static v => v + 1);
            }
        }
        """;

    /// <summary>A lambda that captures a local: stays interpreted with a warning.</summary>
    public const string Capturing = Usings + """
        namespace Shop;

        [StreamJob]
        public static partial class Capturing
        {
            public static DataStream<long> Define(DataStream<long> values, long offset) => values.Map(v => v + offset);
        }
        """;

    /// <summary>A [StreamJob] class without 'partial'.</summary>
    public const string NotPartial = Usings + """
        namespace Shop;

        [StreamJob]
        public static class Plain
        {
            public static DataStream<long> Define(DataStream<long> values) => values.Map(static v => v + 1);
        }
        """;

    /// <summary>An unrelated file, edited between runs in the incrementality test.</summary>
    public static string Unrelated(int version) => $$"""
        namespace Other;

        public static class Helper { public static int Version => {{version}}; }
        """;
}
