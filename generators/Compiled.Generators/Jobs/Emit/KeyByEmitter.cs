using Compiled.Generators.Emit;
using Compiled.Generators.Jobs.Model;

namespace Compiled.Generators.Jobs.Emit;

/// <summary>
/// Writes, for an intercepted <c>KeyBy</c>, a key-selector struct per selector (one for a data stream, one per input
/// for connected streams) and the interceptor that passes them to the stream's generated-code <c>KeyBy</c> overload.
/// </summary>
internal static class KeyByEmitter
{
    private const string Api = "global::Compiled.Api";
    private const string Functions = "global::Compiled.Functions";

    public static void Selectors(CodeWriter w, KeyByModel key)
    {
        if (key.Second is not { } second)
        {
            Selector(w, $"__Key{key.Index}", "Key selector", key.First, key);
            return;
        }
        Selector(w, $"__Key{key.Index}_1", "Key selector of the first input", key.First, key);
        w.Line();
        Selector(w, $"__Key{key.Index}_2", "Key selector of the second input", second, key);
    }

    private static void Selector(CodeWriter w, string name, string description, KeySelectorModel s, KeyByModel key)
    {
        string contract = $"{Functions}.IKeySelector<{s.InputType}, {key.KeyType}>";
        string by = s.WritesParameter ? "" : "in ";
        w.Line($"/// <summary>{description} ({key.Interception.DisplayLocation}).</summary>");
        w.Line("[global::System.Runtime.CompilerServices.CompilerGenerated]");
        w.Open($"internal readonly struct {name} : {contract}");
        w.Line(JobEmitter.Inline);
        w.Line($"{key.KeyType} {contract}.GetKey(in {s.InputType} value) => __Select({by}value);");
        w.Line();
        w.Line(JobEmitter.Inline);
        JobEmitter.Body(w, $"private static {key.KeyType} __Select({by}{s.ParameterType ?? s.InputType} {s.ParameterName})", s.Body, s.IsExpressionBody);
        w.Close();
    }

    public static void Interceptor(CodeWriter w, string jobType, KeyByModel key)
    {
        string Func(KeySelectorModel s) => $"global::System.Func<{s.InputType}, {key.KeyType}>";
        string selector = $"{jobType}.__Key{key.Index}";
        JobEmitter.InterceptsLocation(w, key.Interception);
        switch (key.Kind)
        {
            case KeyByKind.Stream:
                w.Line($"public static {Api}.KeyedStream<{key.First.InputType}, {key.KeyType}> KeyBy{key.Index}(this {Api}.DataStream<{key.First.InputType}> stream, {Func(key.First)} keySelector)");
                w.Line($"    => stream.Environment.Config.Interpreted ? stream.KeyBy(keySelector) : stream.KeyBy<{key.KeyType}, {selector}>(default);");
                break;
            case KeyByKind.StreamWithSerializer:
                w.Line($"public static {Api}.KeyedStream<{key.First.InputType}, {key.KeyType}> KeyBy{key.Index}(this {Api}.DataStream<{key.First.InputType}> stream, {Func(key.First)} keySelector, global::Compiled.Serialization.KeySerializer<{key.KeyType}> keySerializer)");
                w.Line($"    => stream.Environment.Config.Interpreted ? stream.KeyBy(keySelector, keySerializer) : stream.KeyBy<{key.KeyType}, {selector}>(default, keySerializer);");
                break;
            default:
                var second = key.Second!;
                w.Line($"public static {Api}.KeyedConnectedStreams<{key.First.InputType}, {second.InputType}, {key.KeyType}> KeyBy{key.Index}(this {Api}.ConnectedStreams<{key.First.InputType}, {second.InputType}> streams, {Func(key.First)} firstKey, {Func(second)} secondKey)");
                w.Line($"    => streams.Environment.Config.Interpreted ? streams.KeyBy(firstKey, secondKey) : streams.KeyBy<{key.KeyType}, {selector}_1, {selector}_2>(default, default);");
                break;
        }
    }
}
