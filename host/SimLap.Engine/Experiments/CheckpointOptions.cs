using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Engine.Experiments;

/// <summary><c>checkpoint</c>: when training state is saved, so a run can be resumed or its encoder exported.</summary>
public sealed class CheckpointOptions
{
    /// <summary>Save every N epochs (0: only at the end and when interrupted).</summary>
    [Description("Save every N epochs; 0 = only at the end and when interrupted.")]
    [Range(0, 1_000_000)]
    public int Every { get; set; } = 1;

    /// <summary>How many checkpoints to keep (the oldest are deleted).</summary>
    [Description("How many of the newest checkpoints to keep.")]
    [Range(1, 1_000_000)]
    public int KeepLast { get; set; } = 2;

    /// <summary>The checkpoint home: each run's checkpoints go to &lt;dir&gt;/&lt;experiment&gt;/&lt;run id&gt;; empty means the user's data home.</summary>
    [Description("Checkpoint home: a run's checkpoints go to <dir>/<tracking.experiment>/<run id>; empty = $XDG_DATA_HOME/simlap/checkpoints, else ~/.local/share/simlap/checkpoints.")]
    public string Dir { get; set; } = "";

    /// <summary>Which checkpoints are logged as run artifacts.</summary>
    [Description("Which checkpoints are also logged as run artifacts: never, end (the last one) or every.")]
    public CheckpointArtifacts Artifacts { get; set; } = CheckpointArtifacts.End;
}
