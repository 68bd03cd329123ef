using System.Collections.Concurrent;

namespace SimLap.Engine.Training;

/// <summary>
/// One long-lived background thread that runs the work given to it in order. The batch producer of every epoch runs
/// here rather than on a new thread per epoch: each new thread gets its own malloc arena in glibc, and a thread per
/// epoch grew the resident memory by ~190 MiB over 300 steps in a measurement, where one thread stays flat.
/// </summary>
public sealed class DedicatedThread : IDisposable
{
    private readonly BlockingCollection<(Action Work, TaskCompletionSource Done)> work = new();
    private readonly Thread thread;

    /// <summary>Starts the thread.</summary>
    public DedicatedThread(string name)
    {
        thread = new Thread(Loop) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>Queues <paramref name="action"/>; the task completes when it has run (faulted if it threw).</summary>
    public Task Run(Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add((action, done));
        return done.Task;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        work.CompleteAdding();
        thread.Join();
        work.Dispose();
    }

    private void Loop()
    {
        foreach (var (action, done) in work.GetConsumingEnumerable())
        {
            try
            {
                action();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
