// Public entry of @prunerl/plasticity: filled by the baselines issue (ReDo, Reset, weight decay).
export {};
