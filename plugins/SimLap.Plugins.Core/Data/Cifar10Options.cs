namespace SimLap.Plugins.Core.Data;

/// <summary>Options of the <c>cifar10</c> data set: the shared file, subset and download options.</summary>
public sealed class Cifar10Options : DownloadableDatasetOptions
{
}
