namespace Grid.Backends;

/// <summary>The storage configuration is wrong or a backend cannot be reached: the message names the setting.</summary>
public sealed class StorageConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
