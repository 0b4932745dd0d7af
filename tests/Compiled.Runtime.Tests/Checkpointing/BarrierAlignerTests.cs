using Compiled.Execution.Checkpoints;

namespace Compiled.Tests.Checkpointing;

public class BarrierAlignerTests
{
    [Theory]
    [InlineData(CheckpointingMode.ExactlyOnce, true)]
    [InlineData(CheckpointingMode.AtLeastOnce, false)]
    public void AChannelThatDeliveredTheBarrierWaitsOnlyWhenExactlyOnce(CheckpointingMode mode, bool blocked)
    {
        var aligned = new List<long>();
        var aligner = new BarrierAligner(3, aligned.Add, mode);
        aligner.OnBarrier(0, 5);
        Assert.Equal(blocked, aligner.IsBlocked(0));
        Assert.False(aligner.IsBlocked(1));
        aligner.OnBarrier(1, 5);
        Assert.Empty(aligned);
        aligner.OnEnded(2); // a finished channel counts as aligned
        Assert.Equal([5L], aligned);
        Assert.False(aligner.IsBlocked(0));
    }

    [Fact]
    public void ANewerBarrierAbandonsAnIncompleteAlignment()
    {
        var aligned = new List<long>();
        var aligner = new BarrierAligner(2, aligned.Add, CheckpointingMode.ExactlyOnce);
        aligner.OnBarrier(0, 1);
        aligner.OnBarrier(0, 2);
        aligner.OnBarrier(1, 1); // late barrier of the abandoned checkpoint
        Assert.Empty(aligned);
        aligner.OnBarrier(1, 2);
        Assert.Equal([2L], aligned);
    }

    [Fact]
    public void AtLeastOnceCompletesConcurrentCheckpointsInOrderWhenAChannelRunsAhead()
    {
        var aligned = new List<long>();
        var aligner = new BarrierAligner(3, aligned.Add, CheckpointingMode.AtLeastOnce);
        aligner.OnBarrier(0, 1);
        aligner.OnBarrier(0, 2); // channel 0 is not held back and delivers the next barrier first
        aligner.OnBarrier(1, 1);
        aligner.OnBarrier(1, 2);
        Assert.Empty(aligned);
        aligner.OnBarrier(2, 1);
        Assert.Equal([1L], aligned);
        aligner.OnEnded(2); // a finished channel counts as having delivered every later barrier
        Assert.Equal([1L, 2L], aligned);
    }

    [Fact]
    public void AtLeastOnceANewerCheckpointCompletingFirstSubsumesTheOlder()
    {
        var aligned = new List<long>();
        var aligner = new BarrierAligner(2, aligned.Add, CheckpointingMode.AtLeastOnce);
        aligner.OnBarrier(0, 1);
        aligner.OnBarrier(0, 2);
        aligner.OnBarrier(1, 2); // channel 1 never saw barrier 1 (its upstream abandoned that checkpoint)
        Assert.Equal([2L], aligned);
        aligner.OnBarrier(1, 1); // late barrier of the subsumed checkpoint
        aligner.OnBarrier(0, 3);
        aligner.OnBarrier(1, 3);
        Assert.Equal([2L, 3L], aligned);
    }
}
