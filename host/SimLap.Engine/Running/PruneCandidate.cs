namespace SimLap.Engine.Running;

/// <summary>A run's checkpoint folder <c>simlap runs prune</c> removes.</summary>
/// <param name="Folder">The folder's full path.</param>
/// <param name="Relative">The folder relative to the checkpoint home (<c>&lt;experiment&gt;/&lt;run id&gt;</c>).</param>
/// <param name="RunId">The run it belonged to.</param>
/// <param name="Bytes">The size of its files.</param>
public sealed record PruneCandidate(string Folder, string Relative, string RunId, long Bytes);
