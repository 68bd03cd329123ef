namespace SimLap.Engine.Training;

/// <summary>
/// A checkpoint that cannot be used: missing, unreadable, truncated, not a zip, damaged (an entry that does not match
/// the manifest, a missing or unexpected entry), of an older format, or holding weights that do not fit the experiment.
/// The message is one paragraph naming the file and, where there is one, the entry, and saying what is wrong; the
/// host prints it alone and exits with code 2 (a bad file handed to simlap).
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>The advice for a checkpoint that is damaged.</summary>
    public const string UseAnother = "Use another checkpoint of the run, or train again.";

    /// <summary>
    /// Creates the error for <paramref name="path"/> (and <paramref name="entry"/>, if one is at fault): what is wrong
    /// (<paramref name="reason"/>, a sentence naming the file) and what to do (<paramref name="advice"/>, may be empty).
    /// </summary>
    public CheckpointException(string path, string? entry, string reason, string advice = "")
        : base(advice.Length == 0 ? reason : $"{reason} {advice}")
    {
        Path = path;
        Entry = entry;
        Reason = reason;
    }

    /// <summary>What is wrong, without the advice (for a list of checkpoints skipped).</summary>
    public string Reason { get; }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>The entry at fault (the first, if several), or null when the whole file is.</summary>
    public string? Entry { get; }
}
