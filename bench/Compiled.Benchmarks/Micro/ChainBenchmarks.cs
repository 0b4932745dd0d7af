using BenchmarkDotNet.Attributes;
using Compiled.Benchmarks.Chains;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries;
using Nexmark.Rows;

namespace Compiled.Benchmarks.Micro;

/// <summary>
/// Nexmark q1 and q2 operator chains over the same in-memory bids: hand-written loop vs compiled chain vs
/// interpreted chain. Run with <c>./build.sh bench -- micro --filter *ChainBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class ChainBenchmarks
{
    private const int Records = 1 << 20;
    private Bid[] _bids = [];
    private ChainHarness<Q1Row> _q1Compiled = null!, _q1Interpreted = null!;
    private ChainHarness<Q2Row> _q2Compiled = null!, _q2Interpreted = null!;

    /// <summary>Generates the bids once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bids = ChainMeasurements.Bids(Records);
        _q1Compiled = new(Q1.Build, interpreted: false);
        _q1Interpreted = new(Q1.Build, interpreted: true);
        _q2Compiled = new(Q2.Build, interpreted: false);
        _q2Interpreted = new(Q2.Build, interpreted: true);
    }

    /// <summary>q1 as a plain loop.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public long Q1HandWritten() => ChainMeasurements.Q1Loop(_bids);

    /// <summary>q1 through the generated chain.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long Q1Compiled() { _q1Compiled.Push(_bids); return _q1Compiled.Emitted; }

    /// <summary>q1 through delegates.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long Q1Interpreted() { _q1Interpreted.Push(_bids); return _q1Interpreted.Emitted; }

    /// <summary>q2 as a plain loop.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long Q2HandWritten() => ChainMeasurements.Q2Loop(_bids);

    /// <summary>q2 through the generated chain.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long Q2Compiled() { _q2Compiled.Push(_bids); return _q2Compiled.Emitted; }

    /// <summary>q2 through delegates.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long Q2Interpreted() { _q2Interpreted.Push(_bids); return _q2Interpreted.Emitted; }
}
