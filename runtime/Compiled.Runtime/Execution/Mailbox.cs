using System.Collections.Concurrent;

namespace Compiled.Execution;

/// <summary>
/// Actions to run on a task's thread (timers, control actions), so operators and state are only
/// ever touched by one thread and need no locks.
/// </summary>
public sealed class Mailbox
{
    private readonly ConcurrentQueue<Action> _mails = new();
    private readonly Action _wake;

    internal Mailbox(Action wake) => _wake = wake;

    /// <summary>Whether actions are waiting.</summary>
    public bool HasMail => !_mails.IsEmpty;

    /// <summary>Enqueues an action from any thread and wakes the task.</summary>
    public void Put(Action action)
    {
        _mails.Enqueue(action);
        _wake();
    }

    /// <summary>Runs all waiting actions on the calling (task) thread. Returns whether any ran.</summary>
    internal bool RunAll()
    {
        bool any = false;
        while (_mails.TryDequeue(out var action))
        {
            action();
            any = true;
        }
        return any;
    }
}
