namespace Compiled.State;

/// <summary>Creates keyed state scoped to the current key of the operator that owns it.</summary>
public interface IKeyedStateStore
{
    /// <summary>Gets or creates a value state.</summary>
    ValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor);

    /// <summary>Gets or creates a list state.</summary>
    ListState<T> GetListState<T>(ListStateDescriptor<T> descriptor);

    /// <summary>Gets or creates a map state.</summary>
    MapState<TUserKey, TUserValue> GetMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor) where TUserKey : notnull;

    /// <summary>Gets or creates a reducing state.</summary>
    ReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor);

    /// <summary>Gets or creates an aggregating state.</summary>
    AggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor);
}
