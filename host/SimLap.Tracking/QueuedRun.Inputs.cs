namespace SimLap.Tracking;

/// <summary>The run inputs of a <see cref="QueuedRun"/>: checked here, written by the sink in queue order.</summary>
public abstract partial class QueuedRun : IRunInputs
{
    /// <inheritdoc />
    public void LogInputs(IReadOnlyList<DatasetInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var valid = new List<DatasetInput>();
        foreach (var input in inputs)
        {
            // The server stores a data set without name or digest (as '') and refuses a long digest: check here.
            if (input.Name.Length == 0 || input.Digest.Length is 0 or > DatasetInput.MaxDigestLength)
            {
                WarningLog.Add($"The data set input '{input.Name}' (digest '{input.Digest}') was not logged: a data set input needs a name and a digest of 1 to {DatasetInput.MaxDigestLength} characters.");
                continue;
            }

            valid.Add(input with { Source = SecretRedaction.Redact(input.Source) });
        }

        if (valid.Count > 0)
        {
            Enqueue(new InputsOperation(valid));
        }
    }
}
