using System.Diagnostics;
using System.Text;
using Xunit.Sdk;

namespace SimLap.Host.Tests;

/// <summary>A running <c>simlap</c> child process whose stdout and stderr are read asynchronously as they come.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly object gate = new();
    private readonly Stopwatch clock;
    private readonly IReadOnlyList<string> arguments;
    private readonly string workingDirectory;

    internal CliProcess(ProcessStartInfo info, IReadOnlyList<string> arguments, string workingDirectory)
    {
        this.arguments = arguments;
        this.workingDirectory = workingDirectory;
        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The child's process id.</summary>
    public int Id => process.Id;

    /// <summary>What the child has printed on stdout so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (gate)
            {
                return stdout.ToString();
            }
        }
    }

    /// <summary>What the child has printed on stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (gate)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; fails the test (killing the child) on timeout or early exit.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!StandardOutput.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                throw new XunitException($"simlap exited before printing '{text}'.{Environment.NewLine}{Snapshot(process.ExitCode)}");
            }

            if (deadline.Elapsed > timeout)
            {
                Kill();
                throw new XunitException($"simlap did not print '{text}' within {timeout.TotalSeconds} s; it was killed.{Environment.NewLine}{Snapshot(-1)}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Waits for the child to exit and returns what it did; on timeout kills its process tree and fails the test.</summary>
    public CliResult WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            Kill();
            throw new XunitException($"simlap did not finish within {timeout.TotalSeconds} s; its process tree was killed.{Environment.NewLine}{Snapshot(-1)}");
        }

        // Drains the asynchronous readers: returns once both streams reached end of file.
        process.WaitForExit();
        return Snapshot(process.ExitCode);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    private CliResult Snapshot(int exitCode) => new(arguments, workingDirectory, exitCode, StandardOutput, StandardError, clock.Elapsed);

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
