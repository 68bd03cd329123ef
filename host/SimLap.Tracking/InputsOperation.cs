namespace SimLap.Tracking;

/// <summary>Data sets the run used (already checked and cleaned), logged together as run inputs.</summary>
internal sealed record InputsOperation(IReadOnlyList<DatasetInput> Inputs) : RunOperation
{
    /// <inheritdoc />
    public override string Describe() => $"{Inputs.Count} data set input(s) ({string.Join(", ", Inputs.Select(i => i.Name))})";
}
