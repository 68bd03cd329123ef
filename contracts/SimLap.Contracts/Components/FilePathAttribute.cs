namespace SimLap.Contracts.Components;

/// <summary>
/// Marks a text option as a file or folder path: a relative path written in an experiment file is resolved against
/// that file's folder (one given with <c>--set</c>, against the working directory), so experiments can be run from anywhere.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FilePathAttribute : Attribute
{
}
