namespace Grid.Client;

/// <summary>Where the grid is and how long any single call may take.</summary>
public sealed class GridClientOptions
{
    /// <summary>Address of a control plane, for example <c>http://127.0.0.1:5000</c> (h2c) or an https URL.</summary>
    public string Address { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Deadline given to every call, waits included: no call waits forever.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromMinutes(5);
}
