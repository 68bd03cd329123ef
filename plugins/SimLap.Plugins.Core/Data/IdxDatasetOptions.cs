namespace SimLap.Plugins.Core.Data;

/// <summary>Options of the IDX data sets (<c>mnist</c>, <c>fashion-mnist</c>, <c>kmnist</c>): the shared file, subset and download options.</summary>
public sealed class IdxDatasetOptions : DownloadableDatasetOptions
{
}
