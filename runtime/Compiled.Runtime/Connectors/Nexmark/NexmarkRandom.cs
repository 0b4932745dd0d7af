namespace Compiled.Connectors.Nexmark;

/// <summary>
/// SplitMix64 pseudo-random stream, seeded per event so every event is a pure function of its number.
/// A mutable struct: pass it by <c>ref</c>.
/// </summary>
internal struct NexmarkRandom
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    /// <summary>Creates the stream for one event; the number is hashed so neighbouring events are uncorrelated.</summary>
    public NexmarkRandom(long seed, long eventNumber)
    {
        _state = Mix((ulong)seed ^ Mix((ulong)eventNumber + Gamma));
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>Uniform integer in [0, bound); <paramref name="bound"/> must be positive.</summary>
    public int NextInt(int bound) => (int)(((NextUInt64() >> 32) * (ulong)bound) >> 32);

    /// <summary>Uniform long in [0, bound); <paramref name="bound"/> must be positive.</summary>
    public long NextLong(long bound) => bound <= int.MaxValue
        ? NextInt((int)bound)
        : (long)(NextUInt64() % (ulong)bound);

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
