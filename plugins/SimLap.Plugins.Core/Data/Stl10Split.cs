namespace SimLap.Plugins.Core.Data;

/// <summary>The parts of STL-10's binary distribution.</summary>
public enum Stl10Split
{
    /// <summary>The 5,000 labelled training images (<c>train_X.bin</c>, <c>train_y.bin</c>).</summary>
    Train,

    /// <summary>The 8,000 labelled test images (<c>test_X.bin</c>, <c>test_y.bin</c>).</summary>
    Test,

    /// <summary>The 100,000 unlabelled images (<c>unlabeled_X.bin</c>, 2.7 GB in memory); label-free.</summary>
    Unlabeled,

    /// <summary>The training images followed by the unlabelled ones; label-free.</summary>
    TrainAndUnlabeled,
}
