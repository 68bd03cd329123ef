namespace SimLap.Plugins.Core.Data;

/// <summary>Which of CIFAR-100's two labels is the class.</summary>
public enum Cifar100Label
{
    /// <summary>The 100 fine classes.</summary>
    Fine,

    /// <summary>The 20 coarse superclasses.</summary>
    Coarse,
}
