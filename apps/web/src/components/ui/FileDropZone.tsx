import { Box, Center, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { type ReactNode, useRef, useState } from 'react';

/**
 * Wraps content that accepts files dropped onto it: while files are dragged over, an overlay says
 * what dropping does. Only drags that carry files count (not text or links being moved).
 */
export function FileDropZone({
  onFiles,
  children,
  label = 'Drop files here',
  disabled,
}: {
  onFiles: (files: File[]) => void;
  children: ReactNode;
  label?: string;
  disabled?: boolean;
}) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the drag really left.
  const depth = useRef(0);
  const hasFiles = (e: React.DragEvent) => Array.from(e.dataTransfer.types).includes('Files');
  return (
    <Box
      pos="relative"
      onDragEnter={(e) => {
        if (disabled || !hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (disabled || !hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        if (disabled) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (disabled || !hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        if (files.length) onFiles(files);
      }}
    >
      {children}
      {over ? (
        <Center
          pos="absolute"
          inset={0}
          style={{
            zIndex: 10,
            borderRadius: 'var(--mantine-radius-md)',
            border: '2px dashed var(--mantine-primary-color-filled)',
            background: 'color-mix(in srgb, var(--mantine-color-body) 85%, transparent)',
            pointerEvents: 'none',
          }}
        >
          <Text fw={600} c="var(--mantine-primary-color-filled)">
            <IconUpload size={18} style={{ verticalAlign: 'middle' }} /> {label}
          </Text>
        </Center>
      ) : null}
    </Box>
  );
}
