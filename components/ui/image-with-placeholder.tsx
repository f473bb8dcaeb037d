"use client";

import { useEffect, useRef, useState } from "react";

// An image that, when it cannot load (a dead source URL, a file missing from the mirror),
// shows a placeholder naming its URI in the same box, so the layout holds. An eager image
// is one on the first screen: it loads as the HTML arrives, without waiting for layout.
export function ImageWithPlaceholder({
  src,
  uri,
  alt,
  className,
  eager = false,
  draggable,
}: {
  src: string;
  uri: string;
  alt: string;
  className?: string;
  eager?: boolean;
  draggable?: boolean;
}) {
  const [failed, setFailed] = useState(false);
  const image = useRef<HTMLImageElement>(null);
  // A server-rendered image can fail before React listens for its error event.
  useEffect(() => {
    const element = image.current;
    if (element?.complete && element.naturalWidth === 0) setFailed(true);
  }, []);
  if (failed) {
    return (
      <div
        role="img"
        aria-label={`${alt} not available`}
        data-testid="image-placeholder"
        className={`flex items-center justify-center bg-zinc-100 p-2 text-center text-[11px] leading-tight break-all text-zinc-500 ${className ?? ""}`}
      >
        <span>
          not available
          <br />
          {uri}
        </span>
      </div>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      ref={image}
      src={src}
      alt={alt}
      loading={eager ? "eager" : "lazy"}
      fetchPriority={eager ? "high" : "auto"}
      className={className}
      draggable={draggable}
      onError={() => setFailed(true)}
    />
  );
}
