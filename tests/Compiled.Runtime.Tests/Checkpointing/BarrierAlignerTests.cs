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

    [Theory]
    [InlineData(CheckpointingMode.ExactlyOnce)]
    [InlineData(CheckpointingMode.AtLeastOnce)]
    public void ANewerBarrierAbandonsAnIncompleteAlignment(CheckpointingMode mode)
    {
        var aligned = new List<long>();
        var aligner = new BarrierAligner(2, aligned.Add, mode);
        aligner.OnBarrier(0, 1);
        aligner.OnBarrier(0, 2);
        aligner.OnBarrier(1, 1); // late barrier of the abandoned checkpoint
        Assert.Empty(aligned);
        aligner.OnBarrier(1, 2);
        Assert.Equal([2L], aligned);
    }
}
