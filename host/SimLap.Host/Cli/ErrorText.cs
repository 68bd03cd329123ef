using System.Reflection;

namespace SimLap.Host.Cli;

/// <summary>What the user is told about an unexpected error without <c>--verbose</c>: its message, never a type name or stack trace.</summary>
public static class ErrorText
{
    /// <summary>The message of <paramref name="error"/>, looking through the wrappers .NET adds (reflection, type initialisers, tasks).</summary>
    public static string Plain(Exception error)
    {
        while (error is TargetInvocationException or TypeInitializationException or AggregateException && error.InnerException is { } inner)
        {
            error = inner;
        }

        var message = error.Message.Trim();

        // Keep only the first paragraph: some native (libtorch) messages append their own C++ stack trace.
        var frames = message.IndexOf("\nException raised from", StringComparison.Ordinal);
        if (frames < 0)
        {
            frames = message.IndexOf("\n   at ", StringComparison.Ordinal);
        }

        message = frames > 0 ? message[..frames].Trim() : message;
        return message.Length == 0 ? "an unexpected error occurred" : message;
    }
}
