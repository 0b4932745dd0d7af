using Compiled.Functions;

namespace Nexmark.Queries.Functions;

/// <summary><c>COUNT(*)</c> as an incremental window aggregate.</summary>
/// <typeparam name="T">Type of the counted records.</typeparam>
public sealed class CountAggregate<T> : IAggregateFunction<T, long, long>
{
    /// <inheritdoc />
    public long CreateAccumulator() => 0;

    /// <inheritdoc />
    public long Add(in T value, long accumulator) => accumulator + 1;

    /// <inheritdoc />
    public long GetResult(long accumulator) => accumulator;

    /// <inheritdoc />
    public long Merge(long a, long b) => a + b;
}
