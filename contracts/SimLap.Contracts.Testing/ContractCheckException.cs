namespace SimLap.Contracts.Testing;

/// <summary>A check of <see cref="ModuleChecks"/> or <see cref="ShapeChecks"/> failed; any test framework reports it as a failure.</summary>
public sealed class ContractCheckException : Exception
{
    /// <summary>Creates the exception with the message that says what was found.</summary>
    public ContractCheckException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public ContractCheckException()
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ContractCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
