namespace SimLap.Engine.Experiments;

/// <summary>Which checkpoints are also stored with the run in the tracking store.</summary>
public enum CheckpointArtifacts
{
    /// <summary>None (they stay in the checkpoint folder).</summary>
    Never,

    /// <summary>The last one, when the run ends.</summary>
    End,

    /// <summary>Every checkpoint as it is written.</summary>
    Every,
}
