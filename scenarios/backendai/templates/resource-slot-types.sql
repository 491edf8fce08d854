-- `mgr schema oneshot` runs no data migration: without these rows every agent heartbeat fails
-- with a ForeignKeyViolation on fk_agent_resources_slot_name_resource_slot_types.
INSERT INTO resource_slot_types (slot_name, slot_type, display_name, rank, required) VALUES
 ('cpu', 'count', 'CPU', 40, true), ('mem', 'bytes', 'Memory', 50, true),
 ('cuda.device', 'count', 'GPU (CUDA)', 10, false), ('cuda.shares', 'count', 'GPU (fGPU)', 20, false),
 ('rocm.device', 'count', 'GPU (ROCm)', 30, false), ('tpu.device', 'count', 'TPU', 35, false)
ON CONFLICT (slot_name) DO NOTHING;
