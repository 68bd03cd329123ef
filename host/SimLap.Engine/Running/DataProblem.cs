namespace SimLap.Engine.Running;

/// <summary>A problem <see cref="DataPreflight"/> found, formatted as <c>file:line:column: key (type): message</c>.</summary>
/// <param name="Message">The located paragraph.</param>
/// <param name="RootWritten">Whether the section's <c>root</c> was written; when not, the folder is the machine's default.</param>
public sealed record DataProblem(string Message, bool RootWritten);
