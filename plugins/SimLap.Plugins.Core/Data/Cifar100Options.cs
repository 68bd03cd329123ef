using System.ComponentModel;

namespace SimLap.Plugins.Core.Data;

/// <summary>Options of the <c>cifar100</c> data set.</summary>
public sealed class Cifar100Options : DownloadableDatasetOptions
{
    /// <summary>Which label is the class: the 100 fine classes or the 20 coarse superclasses.</summary>
    [Description("Which label is the class: fine (100 classes) or coarse (20 superclasses).")]
    public Cifar100Label Label { get; set; } = Cifar100Label.Fine;
}
