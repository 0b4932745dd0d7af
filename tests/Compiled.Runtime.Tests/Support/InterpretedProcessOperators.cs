using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Serialization;

namespace Compiled.Tests.Support;

/// <summary>Process operators as interpreted mode builds them (calling the function through its base class), for operator-level tests.</summary>
public static class InterpretedProcessOperators
{
    /// <summary>A keyed process operator keyed by <paramref name="key"/> (a built-in key serializer).</summary>
    public static KeyedProcessOperator<TKey, TIn, TOut, KeyedProcessFunctionInvoker<TKey, TIn, TOut>> Keyed<TKey, TIn, TOut>(
        KeyedProcessFunction<TKey, TIn, TOut> function, Func<TIn, TKey> key) where TKey : notnull =>
        new(new(function), new DelegateKeySelector<TIn, TKey>(key), KeySerializers.Get<TKey>());

    /// <summary>A process operator on a non-keyed stream.</summary>
    public static ProcessOperator<TIn, TOut, ProcessFunctionInvoker<TIn, TOut>> NonKeyed<TIn, TOut>(ProcessFunction<TIn, TOut> function) => new(new(function));

    /// <summary>A co-process operator on two non-keyed streams.</summary>
    public static CoProcessOperator<TIn1, TIn2, TOut, CoProcessFunctionInvoker<TIn1, TIn2, TOut>> Co<TIn1, TIn2, TOut>(CoProcessFunction<TIn1, TIn2, TOut> function) =>
        new(new(function));
}
