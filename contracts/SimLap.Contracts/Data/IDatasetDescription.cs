namespace SimLap.Contracts.Data;

/// <summary>
/// Optional for an <see cref="IDataset"/>: what the data set is, for the run's record. The engine logs every data set a
/// run trains or evaluates on as an MLflow run input (name, digest, source, schema, profile), and computes the digest
/// from what is declared here: the content of <see cref="DatasetDescription.Files"/> and the values of
/// <see cref="DatasetDescription.Settings"/>. Called once, after the splits were loaded, so the files are in place.
/// A data set without it is described by its component name and options (a digest of the settings only).
/// </summary>
public interface IDatasetDescription
{
    /// <summary>The data set's name, source and what identifies its content.</summary>
    DatasetDescription Describe();
}
