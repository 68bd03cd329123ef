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

    /// <summary>The folder; empty means ./checkpoints/&lt;run id&gt;.</summary>
    [Description("Folder of the run's checkpoints; empty = ./checkpoints/<run id>.")]
    public string Dir { get; set; } = "";

    /// <summary>Which checkpoints are logged as run artifacts.</summary>
    [Description("Which checkpoints are also logged as run artifacts: never, end (the last one) or every.")]
    public CheckpointArtifacts Artifacts { get; set; } = CheckpointArtifacts.End;
}
