// Placeholder until the feature lands; replaced by its implementation.
export {};
