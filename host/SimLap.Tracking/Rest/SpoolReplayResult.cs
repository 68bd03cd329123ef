namespace SimLap.Tracking.Rest;

/// <summary>What replaying one spool did.</summary>
/// <param name="SpoolDirectory">The spool folder.</param>
/// <param name="RunName">The run's name.</param>
/// <param name="RunId">The run's id on the server (null when it could not be created yet).</param>
/// <param name="Delivered">Records the server acknowledged in this replay.</param>
/// <param name="Remaining">Records still to deliver.</param>
/// <param name="Done">True when everything is delivered and the spool is marked done.</param>
/// <param name="Problems">Rejected records (4xx, reported and skipped), or why the replay stopped.</param>
public sealed record SpoolReplayResult(string SpoolDirectory, string RunName, string? RunId, int Delivered, int Remaining, bool Done, IReadOnlyList<string> Problems)
{
    /// <summary>The spool is busy (its run is still writing it, or another replay holds it).</summary>
    public bool Busy { get; init; }
}
