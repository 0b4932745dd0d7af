using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Tests.Support;

namespace Compiled.Tests.Cluster;

public class JobErrorTests
{
    [Fact]
    public void ExceptionInAUserFunctionFailsTheJobNamingTheTask()
    {
        var env = TestJobs.Env(1);
        env.FromCollection(Enumerable.Range(0, 10)).Map(i => i == 7 ? throw new ArithmeticException("seven is bad") : i, "Checker")
           .SinkTo(new CollectSink<int>());

        var ex = Assert.Throws<JobExecutionException>(() => env.Execute("checked"));
        Assert.Equal("Job 'checked' failed in task Collection -> Checker -> Sink (1/1): seven is bad", ex.Message);
        Assert.IsType<ArithmeticException>(ex.InnerException);
    }

    [Fact]
    public void ExceptionInAParallelTaskNamesTheFailingSubtask()
    {
        var env = TestJobs.Env(4);
        env.FromCollection(Enumerable.Range(0, 1000)).KeyBy(i => i % 10).Reduce((a, b) => a + b > 10_000 ? throw new OverflowException("too big") : a + b)
           .SinkTo(new CollectSink<int>());

        var ex = Assert.Throws<JobExecutionException>(() => env.Execute());
        Assert.Matches(@"^Job 'job' failed in task Reduce -> Sink \([1-4]/4\): too big$", ex.Message);
        Assert.IsType<OverflowException>(ex.InnerException);
    }

    [Fact]
    public void ExceptionInASinkFailsTheJob()
    {
        var env = TestJobs.Env(2);
        env.FromCollection([1, 2, 3]).Map(i => i).SinkTo(new ThrowingSink());
        var ex = Assert.Throws<JobExecutionException>(() => env.Execute());
        Assert.Contains("sink rejected 2", ex.Message);
    }

    private sealed class ThrowingSink : ISink<int>
    {
        public ISinkWriter<int> CreateWriter(SinkContext context) => new Writer();

        private sealed class Writer : ISinkWriter<int>
        {
            public void Write(in int value, long timestamp)
            {
                if (value == 2) throw new IOException("sink rejected 2");
            }

            public void Finish() { }
            public void Dispose() { }
        }
    }

    [Fact]
    public void JobWithoutSinkFailsWithAClearMessage()
    {
        var env = TestJobs.Env(1);
        env.FromCollection([1, 2, 3]);
        var ex = Assert.Throws<InvalidOperationException>(() => env.Execute());
        Assert.Equal("The job has no sink: end each pipeline with SinkTo(...), Print() or a collect sink.", ex.Message);
    }

    [Fact]
    public void EmptyJobFailsWithAClearMessage()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TestJobs.Env(1).Execute());
        Assert.Contains("The job has no operators", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(129)]
    public void InvalidParallelismFailsNamingTheSetting(int parallelism)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        env.FromCollection([1]).SinkTo(new CollectSink<int>());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => env.Execute());
        Assert.Equal("Parallelism", ex.ParamName);
        Assert.StartsWith($"Parallelism must be between 1 and MaxParallelism (128), was {parallelism}.", ex.Message);
    }

    [Theory]
    [InlineData("BatchSize")]
    [InlineData("ChannelCapacity")]
    [InlineData("MaxParallelism")]
    public void OtherInvalidSettingsFailNamingTheSetting(string setting)
    {
        var config = setting switch
        {
            "BatchSize" => new ExecutionConfig { Parallelism = 1, BatchSize = 0 },
            "ChannelCapacity" => new ExecutionConfig { Parallelism = 1, ChannelCapacity = 0 },
            _ => new ExecutionConfig { Parallelism = 1, MaxParallelism = 0 },
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(config.Validate);
        Assert.Equal(setting, ex.ParamName);
        Assert.StartsWith(setting + " must be", ex.Message);
    }

    [Fact]
    public void OperatorParallelismBelowOneIsRejected()
    {
        var env = TestJobs.Env(1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => env.FromCollection([1]).Map(i => i).SetParallelism(0));
        Assert.Contains("Parallelism must be at least 1, was 0", ex.Message);
    }

    [Fact]
    public void KeyTypeWithoutSerializerFailsWithAHint()
    {
        var env = TestJobs.Env(1);
        var ex = Assert.Throws<NotSupportedException>(() => env.FromCollection([1.5]).KeyBy(d => d));
        Assert.Contains("'System.Double' has no key serializer", ex.Message);
        Assert.Contains("pass a KeySerializer<Double> to KeyBy", ex.Message);
    }
}
