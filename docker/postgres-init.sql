-- Temporal keeps its own databases beside Trainflow's.
CREATE DATABASE temporal OWNER trainflow;
CREATE DATABASE temporal_visibility OWNER trainflow;
