using System.Security.Cryptography;
using System.Text;

namespace SimLap.Tracking;

/// <summary>
/// Run inputs in MLflow's own file-store layout, so MLflow reads them (<c>MlflowClient(tracking_uri="file:...")
/// .get_run(id).inputs.dataset_inputs</c>): each data set once per experiment in
/// <c>&lt;experiment&gt;/datasets/&lt;dataset_id&gt;/meta.yaml</c> (name, digest, source_type, source, schema, profile),
/// and each use of it by a run in <c>&lt;run&gt;/inputs/&lt;input_id&gt;/meta.yaml</c> (source_type DATASET, source_id,
/// destination_type RUN, destination_id, tags). The ids are MLflow's: dataset_id = md5(name + digest), input_id =
/// md5(dataset_id + run_id), as hex. As in MLflow, what exists is never rewritten: a data set keeps the first
/// source, schema and profile stored, an input its first tags.
/// </summary>
internal static class LocalDatasetInputs
{
    /// <summary>The experiment's folder of data sets.</summary>
    public const string DatasetsFolder = "datasets";

    /// <summary>The run's folder of inputs.</summary>
    public const string InputsFolder = "inputs";

    /// <summary>Writes what is missing of <paramref name="inputs"/> for the run in <paramref name="runDirectory"/>.</summary>
    public static void Write(string runDirectory, string runId, IReadOnlyList<DatasetInput> inputs)
    {
        var experimentDirectory = Path.GetDirectoryName(runDirectory)!;
        foreach (var input in inputs)
        {
            var datasetId = DatasetId(input.Name, input.Digest);
            WriteOnce(Path.Combine(experimentDirectory, DatasetsFolder, datasetId), DatasetMeta(input));
            WriteOnce(Path.Combine(runDirectory, InputsFolder, InputId(datasetId, runId)), InputMeta(datasetId, runId, input.Context));
        }
    }

    /// <summary>MLflow's id of a data set in an experiment: md5 of the name then the digest (UTF-8), as hex.</summary>
    public static string DatasetId(string name, string digest) => Md5Hex(name + digest);

    /// <summary>MLflow's id of a run's input: md5 of the data set id then the run id, as hex.</summary>
    public static string InputId(string datasetId, string runId) => Md5Hex(datasetId + runId);

    private static void WriteOnce(string folder, string yaml)
    {
        var meta = Path.Combine(folder, LocalFileStore.MetaFileName);
        if (File.Exists(meta))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        StoreFaults.Hit(StoreFaults.Meta);
        LocalFileStore.WriteFileAtomic(meta, yaml);
    }

    // The keys in PyYAML's order (sorted), as MLflow's write_yaml of dict(Dataset) gives them.
    private static string DatasetMeta(DatasetInput input) =>
        new StringBuilder()
            .Append("digest: ").Append(MlflowYaml.Scalar(input.Digest)).Append('\n')
            .Append("name: ").Append(MlflowYaml.Scalar(input.Name)).Append('\n')
            .Append("profile: ").Append(input.Profile is null ? "null" : MlflowYaml.Scalar(input.Profile)).Append('\n')
            .Append("schema: ").Append(input.Schema is null ? "null" : MlflowYaml.Scalar(input.Schema)).Append('\n')
            .Append("source: ").Append(MlflowYaml.Scalar(input.Source)).Append('\n')
            .Append("source_type: ").Append(MlflowYaml.Scalar(input.SourceType)).Append('\n')
            .ToString();

    // MLflow 3.11 writes the data set's id as destination_id too (its reader ignores the field); the run id is what the field means.
    private static string InputMeta(string datasetId, string runId, string context) =>
        new StringBuilder()
            .Append("destination_id: ").Append(MlflowYaml.Scalar(runId)).Append('\n')
            .Append("destination_type: RUN\n")
            .Append("source_id: ").Append(MlflowYaml.Scalar(datasetId)).Append('\n')
            .Append("source_type: DATASET\n")
            .Append("tags:\n")
            .Append("  ").Append(DatasetInput.ContextTag).Append(": ").Append(MlflowYaml.Scalar(context)).Append('\n')
            .ToString();

    private static string Md5Hex(string text)
    {
        // MLflow's ids, not a security use.
#pragma warning disable CA5351
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
    }
}
